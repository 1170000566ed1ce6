import { parseMessage, UnreadableMessageError } from '../../inbound/parse-message';
import { looksLikeMimeMessage } from '../../inbound/raw-input';
import { readTextInput } from './read-input';
import { extractReplyText, extractReplyTextFromHtml } from '../../inbound/reply-text';

/**
 * `rapport reply-text FILE`: the text the user wrote in a reply (.eml or a bare .txt body),
 * quotes and signatures removed. Exit 0 with the text, 2 for unreadable input.
 */
export async function run(args: string[]): Promise<number> {
  const input = await readTextInput('reply-text', args, 'a mail message or text');
  if (!input) return 2;
  const { file, bytes } = input;

  const text = new TextDecoder().decode(bytes);
  let reply: string;
  if (/\.eml$/i.test(file) || looksLikeMimeMessage(text)) {
    try {
      const message = await parseMessage(bytes);
      reply = message.text !== undefined ? extractReplyText(message.text) : extractReplyTextFromHtml(message.html ?? '');
    } catch (error) {
      if (!(error instanceof UnreadableMessageError)) throw error;
      process.stderr.write(`rapport reply-text: ${file} is not a readable mail message\n`);
      return 2;
    }
  } else {
    reply = extractReplyText(text);
  }
  process.stdout.write(`${reply}\n`);
  return 0;
}

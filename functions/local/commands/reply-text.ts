import { readFile } from 'node:fs/promises';
import { MAX_MESSAGE_BYTES, parseMessage, UnreadableMessageError } from '../../mail/inbound/parse-message';
import { looksLikeMimeMessage, looksLikeText } from '../../mail/inbound/raw-input';
import { extractReplyText, extractReplyTextFromHtml } from '../../mail/inbound/reply-text';

/**
 * `rapport reply-text FILE`: the text the user wrote in a reply (.eml or a bare .txt body),
 * quotes and signatures removed. Exit 0 with the text, 2 for unreadable input.
 */
export async function run(args: string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) {
    process.stderr.write('usage: rapport reply-text FILE\n');
    return 2;
  }

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    process.stderr.write(`rapport reply-text: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return 2;
  }
  if (bytes.byteLength > MAX_MESSAGE_BYTES || !looksLikeText(bytes)) {
    process.stderr.write(`rapport reply-text: ${file} is not a mail message or text (binary or larger than ${MAX_MESSAGE_BYTES} bytes)\n`);
    return 2;
  }

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

import { readFile } from 'node:fs/promises';
import { MAX_MESSAGE_BYTES } from '../../inbound/parse-message';
import { looksLikeText } from '../../inbound/raw-input';

/**
 * The one FILE argument of `rapport parse` and `rapport reply-text`, read and checked to be text
 * no larger than a mail server delivers; undefined after saying why on stderr (exit 2).
 */
export async function readTextInput(
  command: string,
  args: string[],
  what: string,
): Promise<{ file: string; bytes: Uint8Array } | undefined> {
  const [file] = args;
  if (!file || args.length > 1) {
    process.stderr.write(`usage: rapport ${command} FILE\n`);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    process.stderr.write(`rapport ${command}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return undefined;
  }
  if (bytes.byteLength > MAX_MESSAGE_BYTES || !looksLikeText(bytes)) {
    process.stderr.write(`rapport ${command}: ${file} is not ${what} (binary or larger than ${MAX_MESSAGE_BYTES} bytes)\n`);
    return undefined;
  }
  return { file, bytes };
}

/**
 * RFC 3676 format=flowed, decoded here rather than by postal-mime: postal-mime joins a flowed
 * line with the next one even when their quote depths differ, which glues a bottom-posted reply
 * onto the quote above it ("> Hi Hello"). §4.5 says a flowed line followed by a line of another
 * quote depth ends there; this decoder follows that.
 */

const FLOWED_PARAMETER = /(;\s*)format\s*=\s*"?flowed"?/i;
const FLOWED_WORD = /flowed/gi;
const TEXT_PLAIN_FIELD = /^content-type:\s*text\/plain/i;
const DELSP_YES = /;\s*delsp\s*=\s*"?yes"?/i;

interface FlowedNeutralized {
  /** The raw message with `format=flowed` renamed, so the parser keeps the lines as sent. */
  raw: Uint8Array;
  /** Whether a part was flowed, and with DelSp=yes. */
  flowed: boolean;
  delSp: boolean;
}

/**
 * Renames the format=flowed parameter in every text/plain Content-Type field, wherever it is (a
 * forwarded message's headers too); bytes are otherwise kept. Only the fields around a "flowed"
 * are looked at: a pattern for Content-Type fields tried at every line of a 40 KB message cost
 * more than the rest of this read.
 */
export function neutralizeFlowed(raw: Uint8Array): FlowedNeutralized {
  // latin1 maps each byte to one char and back, so positions in the text are positions in the bytes.
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const binary = bytes.toString('latin1');
  const pieces: Buffer[] = [];
  let keptFrom = 0;
  // Each line is looked at once, however many times it says "flowed".
  let lookedTo = 0;
  let delSp = false;
  for (const word of binary.matchAll(FLOWED_WORD)) {
    if (word.index < lookedTo) continue;
    const field = headerFieldAround(binary, word.index);
    lookedTo = field?.end ?? lineEnd(binary, word.index);
    if (!field) continue;
    const text = binary.slice(field.start, field.end);
    if (!TEXT_PLAIN_FIELD.test(text) || !FLOWED_PARAMETER.test(text)) continue;
    delSp ||= DELSP_YES.test(text);
    pieces.push(bytes.subarray(keptFrom, field.start), Buffer.from(text.replace(FLOWED_PARAMETER, '$1x-original-format=flowed'), 'latin1'));
    keptFrom = field.end;
  }
  if (pieces.length === 0) return { raw, flowed: false, delSp: false };
  pieces.push(bytes.subarray(keptFrom));
  return { raw: Buffer.concat(pieces), flowed: true, delSp };
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/**
 * The header field (RFC 5322 §2.2.3: its first line and the folded lines after it, which start
 * with a space or a tab) that holds position `at`, when it is a Content-Type field.
 */
function headerFieldAround(text: string, at: number): { start: number; end: number } | undefined {
  let start = text.lastIndexOf('\n', at) + 1;
  while (start > 0 && (text[start] === ' ' || text[start] === '\t')) start = text.lastIndexOf('\n', start - 2) + 1;
  if (!/^content-type:/i.test(text.slice(start, start + 13))) return undefined;
  let end = lineEnd(text, at);
  while (text[end + 1] === ' ' || text[end + 1] === '\t') end = lineEnd(text, end + 1);
  // The field ends before its line break ("\r\n" or "\n"), as the pattern it replaces ended.
  return { start, end: text[end - 1] === '\r' ? end - 1 : end };
}

export function decodeFlowed(text: string, delSp: boolean): string {
  const out: string[] = [];
  let pending: { depth: number; text: string } | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const quote = /^>+/.exec(rawLine)?.[0] ?? '';
    let content = rawLine.slice(quote.length);
    // Space-stuffing (§4.4): one leading space was added by the sender and is not content.
    if (content.startsWith(' ')) content = content.slice(1);
    const depth = quote.length;
    const isSignatureSeparator = content === '-- ';
    const soft = content.endsWith(' ') && !isSignatureSeparator;

    if (pending && pending.depth !== depth) {
      out.push(render(pending));
      pending = undefined;
    }
    const joined = (pending?.text ?? '') + (soft && delSp ? content.slice(0, -1) : content);
    if (soft) {
      pending = { depth, text: joined };
    } else {
      out.push(render({ depth, text: joined }));
      pending = undefined;
    }
  }
  if (pending) out.push(render(pending));
  return out.join('\n');
}

function render(line: { depth: number; text: string }): string {
  return line.depth > 0 ? `${'>'.repeat(line.depth)} ${line.text}` : line.text;
}

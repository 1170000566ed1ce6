/**
 * RFC 3676 format=flowed, decoded here rather than by postal-mime: postal-mime joins a flowed
 * line with the next one even when their quote depths differ, which glues a bottom-posted reply
 * onto the quote above it ("> Hi Hello"). §4.5 says a flowed line followed by a line of another
 * quote depth ends there; this decoder follows that.
 */

/** Content-Type header fields (with folded continuation lines) anywhere in a raw message. */
const CONTENT_TYPE_FIELD = /^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim;
const FLOWED_PARAMETER = /(;\s*)format\s*=\s*"?flowed"?/i;
const ANY_FLOWED = /flowed/i;
const DELSP_YES = /;\s*delsp\s*=\s*"?yes"?/i;

interface FlowedNeutralized {
  /** The raw message with `format=flowed` renamed, so the parser keeps the lines as sent. */
  raw: Uint8Array;
  /** Whether a part was flowed, and with DelSp=yes. */
  flowed: boolean;
  delSp: boolean;
}

/** Renames the format=flowed parameter in every Content-Type field; bytes are otherwise kept. */
export function neutralizeFlowed(raw: Uint8Array): FlowedNeutralized {
  // latin1 maps each byte to one char and back, so the rewrite cannot damage other bytes.
  const binary = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  // Most mail is not flowed: one scan for the word spares walking every header field.
  if (!ANY_FLOWED.test(binary)) return { raw, flowed: false, delSp: false };
  let flowed = false;
  let delSp = false;
  const rewritten = binary.replace(CONTENT_TYPE_FIELD, (field) => {
    if (!FLOWED_PARAMETER.test(field) || !/^content-type:\s*text\/plain/i.test(field)) return field;
    flowed = true;
    delSp ||= DELSP_YES.test(field);
    return field.replace(FLOWED_PARAMETER, '$1x-original-format=flowed');
  });
  return flowed ? { raw: Buffer.from(rewritten, 'latin1'), flowed, delSp } : { raw, flowed: false, delSp: false };
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

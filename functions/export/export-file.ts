import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { DeflatedEntry } from './zip';

/**
 * One export file written a piece at a time: each piece is deflated (and its CRC-32 taken) as it
 * comes, so the export never holds a whole file, only its compressed bytes — about a tenth — and,
 * while the export is still small enough to travel as loose files, the text as written
 * (docs/benchmarks.md, "Export at any size").
 */

/** Text gathered before it is encoded and deflated: large enough for deflate's 32 KB window to matter little. */
const CHUNK_CHARS = 256 * 1024;
/** The last DEFLATE block (RFC 1951 §3.2.3): BFINAL set, fixed codes, only the end-of-block code. */
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0));

/** Shared by the files of one export: how many bytes they hold as text until the export is too large to send loose. */
export class LooseBytes {
  private total = 0;
  constructor(readonly limit: number) {}

  /** Counts `bytes` more; false once the files are past the limit (then none keeps its text). */
  add(bytes: number): boolean {
    this.total += bytes;
    return this.total <= this.limit;
  }

  get within(): boolean {
    return this.total <= this.limit;
  }
}

export class ExportFile implements DeflatedEntry {
  crc = 0;
  size = 0;
  readonly deflated: Buffer[] = [];
  private text: Buffer[] | undefined = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private closed = false;

  constructor(
    readonly name: string,
    readonly contentType: string,
    private readonly loose: LooseBytes,
  ) {}

  write(text: string): void {
    if (this.closed) throw new Error(`${this.name} is closed`);
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) this.flush();
  }

  /** Writes what is pending and ends the DEFLATE stream. */
  close(): this {
    if (!this.closed) {
      this.flush();
      this.deflated.push(FINAL_BLOCK);
      this.closed = true;
    }
    return this;
  }

  /** The file as written, while the export is small enough to send it loose. */
  get content(): Buffer | undefined {
    return this.loose.within && this.text ? Buffer.concat(this.text) : undefined;
  }

  private flush(): void {
    if (this.pendingChars === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    // A sync flush ends the piece on a byte boundary without ending the stream, so the pieces
    // concatenate into one valid DEFLATE stream; the final block goes on at close().
    this.deflated.push(deflateRawSync(bytes, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }));
    if (this.loose.add(bytes.length)) this.text?.push(bytes);
    else this.text = undefined;
  }
}

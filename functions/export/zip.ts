/**
 * A ZIP archive (PKWARE APPNOTE 6.3, deflate, UTF-8 names, no ZIP64: an export stays far below
 * 4 GB) that every system opens without an app. Large exports travel in one, so the email stays
 * within what SES sends (docs/benchmarks.md, "Export at any size").
 */

/** An entry already deflated (raw DEFLATE, RFC 1951), perhaps in pieces: what an export written a chunk at a time holds. */
export interface DeflatedEntry {
  name: string;
  /** CRC-32 of the uncompressed bytes. */
  crc: number;
  /** Uncompressed bytes. */
  size: number;
  deflated: readonly Buffer[];
}

/** Bit 11: the names are UTF-8. */
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const VERSION = 20;

/** MS-DOS date and time, the format ZIP stores (local time has no meaning here: UTC is written). */
function dosDateTime(at: Date): { time: number; date: number } {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  return { time, date };
}

interface Packed {
  name: Buffer;
  crc: number;
  data: Buffer;
  size: number;
  offset: number;
}

/** The fields a local header and a central directory entry share, from "version needed" to the extra field's length. */
function commonFields(entry: Packed, stamp: { time: number; date: number }): Buffer {
  const fields = Buffer.alloc(26);
  fields.writeUInt16LE(VERSION, 0);
  fields.writeUInt16LE(UTF8_NAMES, 2);
  fields.writeUInt16LE(DEFLATE, 4);
  fields.writeUInt16LE(stamp.time, 6);
  fields.writeUInt16LE(stamp.date, 8);
  fields.writeUInt32LE(entry.crc, 10);
  fields.writeUInt32LE(entry.data.length, 14);
  fields.writeUInt32LE(entry.size, 18);
  fields.writeUInt16LE(entry.name.length, 22);
  fields.writeUInt16LE(0, 24);
  return fields;
}

function signature(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value, 0);
  return bytes;
}

function centralEntry(entry: Packed, stamp: { time: number; date: number }): Buffer {
  const tail = Buffer.alloc(14);
  // comment length, disk number, internal and external attributes: all zero; then where the local header is.
  tail.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([signature(0x02014b50), Buffer.from([VERSION, 0]), commonFields(entry, stamp), tail, entry.name]);
}

function endOfDirectory(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(18);
  end.writeUInt16LE(entries, 4);
  end.writeUInt16LE(entries, 6);
  end.writeUInt32LE(directorySize, 8);
  end.writeUInt32LE(directoryOffset, 12);
  return Buffer.concat([signature(0x06054b50), end]);
}

/** The archive of entries deflated beforehand, stamped `at`. */
export function zipOfDeflated(entries: readonly DeflatedEntry[], at: Date): Buffer {
  const stamp = dosDateTime(at);
  const parts: Buffer[] = [];
  const packed: Packed[] = [];
  let offset = 0;
  for (const { name, crc, size, deflated } of entries) {
    const entry = { name: Buffer.from(name, 'utf8'), crc, data: Buffer.concat(deflated), size, offset };
    const header = Buffer.concat([signature(0x04034b50), commonFields(entry, stamp), entry.name]);
    parts.push(header, entry.data);
    packed.push(entry);
    offset += header.length + entry.data.length;
  }
  const directory = Buffer.concat(packed.map((entry) => centralEntry(entry, stamp)));
  return Buffer.concat([...parts, directory, endOfDirectory(packed.length, directory.length, offset)]);
}

import type { OutboundAttachment } from '../ports';
import type { ExportFile } from './export-file';
import { zipOfDeflated } from './zip';

/**
 * How the export travels by email at any size. SES (v2 SendEmail) sends a message of up to 40 MB
 * as sent, after base64: https://docs.aws.amazon.com/ses/latest/dg/quotas.html. Small exports go as
 * their four files; larger ones as one zip (CSV, vCard and iCalendar text shrinks about tenfold),
 * which keeps 10,000 interviews near 2 MB. See docs/benchmarks.md ("Export at any size").
 */
export const SES_MESSAGE_LIMIT_BYTES = 40 * 1024 * 1024;
/** Room kept for the body, the headers and the MIME boundaries. */
const BODY_ROOM_BYTES = 1024 * 1024;
/** Files up to this many bytes in all go as they are. */
export const LOOSE_FILES_LIMIT_BYTES = 2 * 1024 * 1024;
export const EXPORT_ZIP_NAME = 'rapport-export.zip';

/** The bytes `bytes` take in a message as base64: 4 characters for every 3, and a CRLF after every 76. */
export function base64MailBytes(bytes: number): number {
  const characters = 4 * Math.ceil(bytes / 3);
  return characters + 2 * Math.ceil(characters / 76);
}

/** How the files went: as they are, in one zip, or not at all (even zipped, more than SES sends). */
export type ExportPacking = { kind: 'files' } | { kind: 'zip'; filename: string; bytes: number } | { kind: 'too-large'; bytes: number };

/** The closed files of one export, as they travel: loose while they kept their text (LooseBytes), else zipped. */
export function packForMail(files: readonly ExportFile[], at: Date): { packing: ExportPacking; attachments: OutboundAttachment[] } {
  const loose = files.flatMap((file): OutboundAttachment[] =>
    file.content ? [{ filename: file.name, contentType: file.contentType, content: file.content }] : [],
  );
  if (loose.length === files.length) return { packing: { kind: 'files' }, attachments: loose };
  const zip = zipOfDeflated(files, at);
  if (base64MailBytes(zip.length) > SES_MESSAGE_LIMIT_BYTES - BODY_ROOM_BYTES)
    return { packing: { kind: 'too-large', bytes: zip.length }, attachments: [] };
  return {
    packing: { kind: 'zip', filename: EXPORT_ZIP_NAME, bytes: zip.length },
    attachments: [{ filename: EXPORT_ZIP_NAME, contentType: 'application/zip', content: zip }],
  };
}

import { randomBytes } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { renderExport } from '../../../functions/emails/export';
import { ExportFile, LooseBytes } from '../../../functions/export/export-file';
import { base64MailBytes, LOOSE_FILES_LIMIT_BYTES, packForMail, SES_MESSAGE_LIMIT_BYTES } from '../../../functions/export/mail-packing';

/** Issue 24: an export of any size is an email SES sends, and says how its files travel. */
const AT = new Date('2027-03-01T08:00:00Z');

/** Files of one export, written in pieces of at most 100,000 characters, as the export writes them. */
function written(files: [filename: string, text: string][]): ExportFile[] {
  const loose = new LooseBytes(LOOSE_FILES_LIMIT_BYTES);
  return files.map(([filename, text]) => {
    const file = new ExportFile(filename, 'text/csv', loose);
    for (let at = 0; at < text.length; at += 100_000) file.write(text.slice(at, at + 100_000));
    return file.close();
  });
}

/** The archive as fflate (an independent zip reader, not ours) extracts it: each name and its text. */
function unzipped(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe('packing the export for mail', () => {
  it('sends a small export as its files', () => {
    const files = written([
      ['interviews.csv', 'a,b\n1,2\n'],
      ['contacts.csv', 'x\n'],
    ]);
    expect(packForMail(files, AT)).toEqual({
      packing: { kind: 'files' },
      attachments: [
        { filename: 'interviews.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') },
        { filename: 'contacts.csv', contentType: 'text/csv', content: Buffer.from('x\n') },
      ],
    });
  });

  it('sends a large one as one zip that unzip opens into the same files, a tenth of the size', () => {
    const rows = Array.from({ length: 60_000 }, (_, n) => `${n},Coffee chat ${n},Northwind Robotics,2026-01-01 09:00 Europe/Berlin`).join(
      '\n',
    );
    const vcf = `BEGIN:VCARD\nFN:Zoë Ångström\nEND:VCARD\n${rows}`;
    const files = written([
      ['interviews.csv', rows],
      ['contacts.vcf', vcf],
    ]);
    const { packing, attachments } = packForMail(files, AT);
    expect(packing).toMatchObject({ kind: 'zip', filename: 'rapport-export.zip' });
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.contentType).toBe('application/zip');
    expect(attachments[0]!.content.length).toBeLessThan((rows.length * 2) / 10);
    expect(unzipped(attachments[0]!.content)).toEqual({ 'interviews.csv': rows, 'contacts.vcf': vcf });

    const email = renderExport({ user: USER, interviews: 60_000, contacts: 1, packing, domain: 'rapport.example.com' });
    expect(email.text).toMatch(/one zip file \(rapport-export\.zip, \d+\.\d MB\)/);
  });

  it('attaches nothing, and says so, when even the zip is more than SES sends', () => {
    const noise = randomBytes(31 * 1024 * 1024).toString('base64');
    const { packing, attachments } = packForMail(written([['interviews.csv', noise]]), AT);
    expect(packing.kind).toBe('too-large');
    expect(attachments).toEqual([]);
    const email = renderExport({ user: USER, interviews: 1, contacts: 1, packing, domain: 'rapport.example.com' });
    expect(email.text).toMatch(/more than an email can carry \(40 MB\), so nothing is attached/);
  });

  it('counts base64 as a message carries it: 4 characters for 3 bytes, CRLF every 76', () => {
    expect(base64MailBytes(57)).toBe(78);
    expect(base64MailBytes(30 * 1024 * 1024)).toBeGreaterThan(SES_MESSAGE_LIMIT_BYTES);
  });
});

const USER = {
  userId: 'u-1',
  email: 'homer@example.com',
  timeZone: 'Europe/London',
  timeZoneSource: 'set' as const,
  digest: { enabled: true, weekday: 1, time: '08:00' },
  createdAt: '2024-11-01T09:00:00Z',
};

import { randomBytes } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { renderExport } from '../../../functions/emails/export';
import { base64MailBytes, packForMail, SES_MESSAGE_LIMIT_BYTES } from '../../../functions/export/mail-packing';
import type { OutboundAttachment } from '../../../functions/ports';

/** Issue 24: an export of any size is an email SES sends, and says how its files travel. */
const AT = new Date('2027-03-01T08:00:00Z');

const file = (filename: string, text: string): OutboundAttachment => ({ filename, contentType: 'text/csv', content: Buffer.from(text) });

/** The archive as fflate (an independent zip reader, not ours) extracts it: each name and its text. */
function unzipped(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe('packing the export for mail', () => {
  it('sends a small export as its files', () => {
    const files = [file('interviews.csv', 'a,b\n1,2\n'), file('contacts.csv', 'x\n')];
    expect(packForMail(files, AT)).toEqual({ packing: { kind: 'files' }, attachments: files });
  });

  it('sends a large one as one zip that unzip opens into the same files, a tenth of the size', () => {
    const rows = Array.from({ length: 60_000 }, (_, n) => `${n},Coffee chat ${n},Northwind Robotics,2026-01-01 09:00 Europe/Berlin`).join(
      '\n',
    );
    const files = [file('interviews.csv', rows), file('contacts.vcf', `BEGIN:VCARD\nFN:Zoë Ångström\nEND:VCARD\n${rows}`)];
    const { packing, attachments } = packForMail(files, AT);
    expect(packing).toMatchObject({ kind: 'zip', filename: 'rapport-export.zip' });
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.contentType).toBe('application/zip');
    expect(attachments[0]!.content.length).toBeLessThan((rows.length * 2) / 10);
    expect(unzipped(attachments[0]!.content)).toEqual({ 'interviews.csv': rows, 'contacts.vcf': files[1]!.content.toString() });

    const email = renderExport({ user: USER, interviews: 60_000, contacts: 1, packing, domain: 'rapport.example.com' });
    expect(email.text).toMatch(/one zip file \(rapport-export\.zip, \d+\.\d MB\)/);
  });

  it('attaches nothing, and says so, when even the zip is more than SES sends', () => {
    const noise = randomBytes(31 * 1024 * 1024).toString('base64');
    const { packing, attachments } = packForMail([file('interviews.csv', noise)], AT);
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

import PostalMime from 'postal-mime';
import { composeMime } from '../../../functions/mime/compose-mime';
import { filenameParameters } from '../../../functions/mime/attachment';
import type { OutboundEmail } from '../../../functions/ports';

const exportEmail = (attachments: OutboundEmail['attachments']): OutboundEmail => ({
  from: 'Rapport <log@rapport.example>',
  to: 'ada@example.com',
  subject: 'Your Rapport export',
  text: 'Four files are attached.\n',
  html: '<p>Four files are attached.</p>',
  autoSubmitted: 'auto-replied',
  attachments,
});

/** The sender's clock stamps the Date header. */
const SENT_AT = new Date('2025-12-02T14:00:00Z');

describe('attachments in the composer', () => {
  it('sends each file as a base64 part a mail reader gives back byte for byte, beside the text and HTML', async () => {
    const csv = Buffer.from('name,email\r\nZoë Müller,zoe@example.com\r\n', 'utf8');
    const binary = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const { raw } = await composeMime(
      exportEmail([
        { filename: 'contacts.csv', contentType: 'text/csv; charset=utf-8', content: csv },
        { filename: 'data.bin', contentType: 'application/octet-stream', content: binary },
      ]),
      { date: SENT_AT },
    );
    const parsed = await PostalMime.parse(raw);

    expect(parsed.text?.trim()).toBe('Four files are attached.');
    expect(parsed.html?.trim()).toBe('<p>Four files are attached.</p>');
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
      ['contacts.csv', 'text/csv'],
      ['data.bin', 'application/octet-stream'],
    ]);
    expect(Buffer.from(parsed.attachments[0]!.content as ArrayBuffer).equals(csv)).toBe(true);
    expect(Buffer.from(parsed.attachments[1]!.content as ArrayBuffer).equals(binary)).toBe(true);
    // RFC 2045 §6.8 lines of 76, RFC 5322's 998 for every line.
    expect(
      Math.max(
        ...raw
          .toString('ascii')
          .split('\r\n')
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(998);
    expect(raw.toString('ascii')).toContain('Content-Type: multipart/mixed;');
  });

  it('writes a name outside ASCII with RFC 2231 parameters that a reader decodes to the same name', async () => {
    const name = 'Kontakte von Zoë – 2027 ' + 'ü'.repeat(100) + '.vcf';
    const { raw } = await composeMime(exportEmail([{ filename: name, contentType: 'text/vcard', content: Buffer.from('BEGIN:VCARD') }]), {
      date: SENT_AT,
    });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.attachments[0]!.filename).toBe(name.slice(0, 120));
    expect(
      Math.max(
        ...raw
          .toString('ascii')
          .split('\r\n')
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(998);
  });

  it('keeps a hostile name to one header and no path', () => {
    const parameters = filenameParameters('../../etc/passwd\r\nBcc: x@evil.example');
    expect(parameters.join(';')).not.toMatch(/[\r\n/]/);
    expect(filenameParameters('interviews.ics')).toEqual(['filename=interviews.ics']);
  });

  it('leaves a message without attachments multipart/alternative as before', async () => {
    const { raw } = await composeMime(exportEmail(undefined), { date: SENT_AT });
    expect(raw.toString('ascii')).toContain('Content-Type: multipart/alternative;');
    expect(raw.toString('ascii')).not.toContain('multipart/mixed');
  });
});

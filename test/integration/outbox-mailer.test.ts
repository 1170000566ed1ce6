import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forgetRecipient, OutboxMailer, outboxDirectory, readOutbox } from '../../functions/adapters/local/outbox-mailer';
import type { OutboundEmail } from '../../functions/ports';
import { ManualClock } from '../support/store-contract';
import { tempDirPerTest } from '../support/temp-dir';

const prepBrief: OutboundEmail = {
  from: 'Rapport <log@rapport.localhost>',
  to: 'ada@example.com',
  replyTo: 'reply+t0ken@rapport.localhost',
  subject: 'Prep brief: coffee chat with Jane Doe (Acme) — Tue 3 Dec 15:00',
  text: 'Questions to ask Jane:\n1. What does a week look like?',
  html: '<ol><li>What does a week look like?</li></ol>',
  autoSubmitted: 'auto-generated',
};

describe('OutboxMailer and readOutbox', () => {
  const dir = tempDirPerTest('rapport-outbox-');

  it('reads back what was sent, oldest first, threaded under the first message', async () => {
    const clock = new ManualClock(new Date('2025-12-02T14:00:00.000Z'));
    const mailer = new OutboxMailer({ dataDir: dir.path, clock });
    const first = await mailer.send(prepBrief);
    clock.set(new Date('2025-12-03T15:30:00.000Z'));
    const thankYou: OutboundEmail = {
      ...prepBrief,
      subject: 'Thank-you draft: Jane Doe (Acme)',
      text: 'Dear Jane, thank you.',
      html: '<p>Dear Jane, thank you.</p>',
      inReplyTo: first.messageId,
      references: [first.messageId],
    };
    const second = await mailer.send(thankYou);
    // Same instant as the second: a file of its own all the same.
    const third = await mailer.send({ ...thankYou, subject: 'Noted: 2 insights', autoSubmitted: 'auto-replied' });

    const outbox = await readOutbox(outboxDirectory(dir.path));
    expect(outbox.map((m) => m.subject)).toEqual([prepBrief.subject, thankYou.subject, 'Noted: 2 insights']);
    expect(outbox.map((m) => m.messageId)).toEqual([first.messageId, second.messageId, third.messageId]);
    expect(outbox[0]).toMatchObject({
      from: 'log@rapport.localhost',
      to: ['ada@example.com'],
      replyTo: 'reply+t0ken@rapport.localhost',
      date: '2025-12-02T14:00:00.000Z',
      text: expect.stringContaining('What does a week look like?'),
      html: expect.stringContaining('<li>What does a week look like?</li>'),
      references: [],
      autoSubmitted: 'auto-generated',
    });
    expect(outbox[0]?.inReplyTo).toBeUndefined();
    expect(outbox[1]).toMatchObject({ inReplyTo: first.messageId, references: [first.messageId], date: '2025-12-03T15:30:00.000Z' });
    expect(outbox[2]?.autoSubmitted).toBe('auto-replied');

    const files = (await readdir(outboxDirectory(dir.path))).sort();
    expect(files).toEqual(['20251202T140000000Z-0000.eml', '20251203T153000000Z-0000.eml', '20251203T153000000Z-0001.eml']);
    expect((await readFile(join(outboxDirectory(dir.path), files[0] ?? ''))).toString()).toMatch(/^Auto-Submitted: auto-generated\r$/m);
  });

  it('gives back attached files with their names, types and exact bytes', async () => {
    const mailer = new OutboxMailer({ dataDir: dir.path, clock: new ManualClock(new Date('2025-12-02T14:00:00Z')) });
    const vcf = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë\r\nEND:VCARD\r\n';
    await mailer.send({
      ...prepBrief,
      attachments: [{ filename: 'contacts.vcf', contentType: 'text/vcard; charset=utf-8', content: Buffer.from(vcf) }],
    });
    const [message] = await readOutbox(outboxDirectory(dir.path));
    expect(message!.attachments).toEqual([
      { filename: 'contacts.vcf', contentType: 'text/vcard', contentBase64: Buffer.from(vcf).toString('base64') },
    ]);
  });

  it('reads an outbox that does not exist yet as empty', async () => {
    expect(await readOutbox(outboxDirectory(dir.path))).toEqual([]);
  });
  it('forgets whom an email was for: its words stay, To is undisclosed, the reply token and threading go', async () => {
    const mailer = new OutboxMailer({ dataDir: dir.path, clock: new ManualClock(new Date('2025-12-02T14:00:00.000Z')) });
    const answer = { ...prepBrief, to: 'Ada Lovelace <Ada@Example.com>', subject: 'Deleted: everything Rapport kept about you' };
    await mailer.send({ ...answer, inReplyTo: '<ada-1@example.com>', references: ['<ada-0@example.com>', '<ada-1@example.com>'] });
    await mailer.send({ ...answer, subject: 'Also for ada@example.com' });
    await mailer.send({ ...prepBrief, to: 'bo@example.net' });

    expect(await forgetRecipient(outboxDirectory(dir.path), 'ada@example.com')).toBe(1);
    const outbox = await readOutbox(outboxDirectory(dir.path));
    // The one that named her in its subject could not forget her: it is gone.
    expect(outbox.map((m) => ({ to: m.to, subject: m.subject }))).toEqual([
      { to: [], subject: answer.subject },
      { to: ['bo@example.net'], subject: prepBrief.subject },
    ]);
    expect(outbox[0]).toMatchObject({ text: expect.stringContaining('What does a week look like?'), references: [] });
    expect(outbox[0]?.replyTo).toBeUndefined();
    expect(outbox[0]?.inReplyTo).toBeUndefined();
    const files = (await readdir(outboxDirectory(dir.path))).sort();
    const raw = (await readFile(join(outboxDirectory(dir.path), files[0]!))).toString('latin1');
    expect(raw).toMatch(/^To: undisclosed-recipients:;\r$/m);
    expect(raw.toLowerCase()).not.toMatch(/ada@example\.com|lovelace|t0ken/);
    expect(files).toHaveLength(2);
  });
});

import { readsReplyText } from '../../../functions/domain/reply-readers';
import { readInboundMail } from '../../../functions/inbound/read-inbound-mail';

/**
 * inbound-email extracts what the sender wrote only for mail a workflow reads it from (replies,
 * help@, and the report addresses, which answer strangers with help); an invitation sent to log@
 * is read for its invitation alone.
 */

const reply = [
  'From: Sam <sam@example.com>',
  'Subject: Re: How did it go?',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'It went well, thanks.',
  '',
  'On Mon, 1 Jul 2024 at 09:00, Rapport <log@rapport.test> wrote:',
  '> How did it go?',
  '',
].join('\r\n');

async function replyTextTo(recipient: string): Promise<string> {
  const read = await readInboundMail(reply, {
    recipients: [recipient],
    authenticated: true,
    deliveryId: 'reply-readers',
    receivedAt: new Date('2024-07-01T07:00:00Z'),
  });
  if (!read.ok) throw new Error(read.why);
  return read.mail.replyText;
}

describe('which mail has its reply text read', () => {
  it.each([
    'reply+t0001-ab-cd-0123456789abcdef@rapport.test',
    'help@rapport.test',
    'HELP@Rapport.test',
    'list@rapport.test',
    'export@rapport.test',
  ])('reads what the sender wrote to %s, without the quote', async (recipient) => {
    expect(readsReplyText([recipient])).toBe(true);
    await expect(replyTextTo(recipient)).resolves.toBe('It went well, thanks.');
  });

  it('reads it when one of several recipients reads it', () => {
    expect(readsReplyText(['log@rapport.test', 'help@rapport.test'])).toBe(true);
  });

  it('leaves it out for mail to log@, which is read for its invitation', async () => {
    expect(readsReplyText(['log@rapport.test'])).toBe(false);
    await expect(replyTextTo('log@rapport.test')).resolves.toBe('');
  });
});

import { fixedTokenKeys, readReplyAddress } from '../../../functions/domain/reply-token';
import { outboundEmail } from '../../../functions/workflows/envelope';

const KEYS = { current: 'envelope-test-key' };
const NOW = new Date('2026-12-03T14:00:00Z');
const deps = {
  config: { domain: 'rapport.example', allowedSenders: ['*'], tokenKeys: fixedTokenKeys(KEYS) },
  clock: { now: () => NOW },
};
const CONTENT = { subject: 'Logged: chat with Ana', text: 'text', html: '<p>html</p>' };

describe('the envelope every workflow sends with', () => {
  it('comes from log@, replies to a signed token for its target, and threads on the message it answers', async () => {
    const email = await outboundEmail(
      deps,
      {
        to: 'me@mine.org',
        replyTo: { kind: 'confirmation', userId: 'abc', interviewId: '0f' },
        thread: '<m1@mine.org>',
        autoSubmitted: 'auto-replied',
      },
      CONTENT,
    );
    expect(email).toMatchObject({
      from: 'Rapport <log@rapport.example>',
      to: 'me@mine.org',
      inReplyTo: '<m1@mine.org>',
      references: ['<m1@mine.org>'],
      autoSubmitted: 'auto-replied',
      ...CONTENT,
    });
    expect(readReplyAddress(email.replyTo!, KEYS, NOW)).toEqual({
      status: 'valid',
      target: { kind: 'confirmation', userId: 'abc', interviewId: '0f' },
      issuedOn: expect.any(Date),
    });
  });

  it('passes a plain Reply-To through, and leaves out what it was not given', async () => {
    const toOperator = await outboundEmail(
      deps,
      { to: 'ops@rapport.example', replyTo: 'me@mine.org', autoSubmitted: 'auto-generated' },
      CONTENT,
    );
    expect(toOperator.replyTo).toBe('me@mine.org');
    const bare = await outboundEmail(deps, { to: 'them@else.org', thread: undefined, autoSubmitted: 'auto-replied' }, CONTENT);
    expect(Object.keys(bare).sort()).toEqual(['autoSubmitted', 'from', 'html', 'subject', 'text', 'to']);
  });

  it('carries the export’s files', async () => {
    const attachments = [{ filename: 'interviews.csv', contentType: 'text/csv; charset=utf-8', content: new Uint8Array([65]) }];
    const email = await outboundEmail(deps, { to: 'me@mine.org', autoSubmitted: 'auto-replied' }, { ...CONTENT, attachments });
    expect(email.attachments).toEqual(attachments);
  });
});

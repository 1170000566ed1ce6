import { readMailFeedback } from '../../../functions/inbound/mail-feedback';

/** SES's records, as event publishing (eventType) or identity notifications (notificationType) send them. */
const bounce = (overrides: Record<string, unknown> = {}, typeField = 'eventType') =>
  JSON.stringify({
    [typeField]: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'NoEmail',
      bouncedRecipients: [{ emailAddress: 'Ada@Example.com', action: 'failed', status: '5.1.1' }],
      timestamp: '2027-03-01T14:00:02.669Z',
      feedbackId: 'f-1',
      ...overrides,
    },
    mail: { messageId: 'm-1', destination: ['ada@example.com'] },
  });

describe('reading SES bounce and complaint records', () => {
  it('reads a hard bounce, with its type and subtype, the recipients normalized', () => {
    expect(readMailFeedback(bounce())).toEqual({
      kind: 'bounce',
      hard: true,
      detail: 'Permanent/NoEmail',
      recipients: ['ada@example.com'],
      feedbackId: 'f-1',
    });
  });

  it('reads the notification form (identity feedback, notificationType) the same way', () => {
    expect(readMailFeedback(bounce({}, 'notificationType'))).toMatchObject({ kind: 'bounce', hard: true });
  });

  it('tells a soft bounce from a hard one', () => {
    expect(readMailFeedback(bounce({ bounceType: 'Transient', bounceSubType: 'MailboxFull' }))).toMatchObject({
      hard: false,
      detail: 'Transient/MailboxFull',
    });
    expect(readMailFeedback(bounce({ bounceType: 'Undetermined' }))).toMatchObject({ hard: false });
  });

  it('reads a complaint, with its feedback type when SES has one', () => {
    const complaint = {
      eventType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'sam@example.org' }], timestamp: '2027-03-01T15:00:00Z', feedbackId: 'c-1' },
    };
    expect(readMailFeedback(JSON.stringify(complaint))).toEqual({ kind: 'complaint', recipients: ['sam@example.org'], feedbackId: 'c-1' });
  });

  it('ignores other event types, malformed records and anything unbounded', () => {
    expect(readMailFeedback(JSON.stringify({ eventType: 'Delivery', delivery: {} }))).toBeUndefined();
    expect(readMailFeedback('{"eventType":"Bounce"')).toBeUndefined();
    expect(readMailFeedback(bounce({ bouncedRecipients: [{ emailAddress: 'not an address' }] }))).toBeUndefined();
    expect(readMailFeedback(bounce({ bouncedRecipients: [] }))).toBeUndefined();
    const many = Array.from({ length: 51 }, (_, i) => ({ emailAddress: `u${i}@example.com` }));
    expect(readMailFeedback(bounce({ bouncedRecipients: many }))).toBeUndefined();
    expect(readMailFeedback(bounce({ bounceSubType: 'x'.repeat(201) }))).toBeUndefined();
  });
});

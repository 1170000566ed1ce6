import type { SESEvent } from 'aws-lambda';
import { SesReceiptEvent } from '../../functions/handlers/ses-event';
import baseEvent from '../fixtures/ses/lambda-receipt-event.json';

/** A fresh copy of the real-shaped SES receipt event (Lambda action), to modify per case. */
function event(): SESEvent {
  return structuredClone(baseEvent) as SESEvent;
}

function issuesOf(input: unknown): string[] {
  const result = SesReceiptEvent.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('SesReceiptEvent', () => {
  it('accepts a real-shaped event and keeps what the handler reads', () => {
    const parsed = SesReceiptEvent.parse(event());
    const [record] = parsed.Records;
    expect(record?.ses.mail).toEqual({
      timestamp: '2024-04-11T06:19:47.512Z',
      messageId: 'o3vrnil0e2ic28trm7dfhrc2v0cnbeccl4nbp0g1',
      source: 'homer@example.com',
      destination: ['log@rapport.example'],
    });
    expect(record?.ses.receipt.recipients).toEqual(['log@rapport.example']);
    expect(record?.ses.receipt.dmarcVerdict.status).toBe('PASS');
  });

  it('accepts the event of a DMARC failure, which carries dmarcPolicy as a bare string', () => {
    for (const policy of ['none', 'quarantine', 'reject'] as const) {
      const failed = event();
      failed.Records[0]!.ses.receipt.dmarcVerdict = { status: 'FAIL' };
      failed.Records[0]!.ses.receipt.dmarcPolicy = policy;
      expect(issuesOf(failed)).toEqual([]);
      expect(SesReceiptEvent.parse(failed).Records[0]?.ses.receipt.dmarcVerdict.status).toBe('FAIL');
    }
  });

  it('accepts verdicts SES reports when a check could not run', () => {
    const gray = event();
    gray.Records[0]!.ses.receipt.spfVerdict = { status: 'GRAY' };
    gray.Records[0]!.ses.receipt.dkimVerdict = { status: 'PROCESSING_FAILED' };
    expect(issuesOf(gray)).toEqual([]);
  });

  it('rejects a malformed event with an error that names the field', () => {
    const malformed = event() as unknown as { Records: { ses: { receipt: Record<string, unknown>; mail: Record<string, unknown> } }[] };
    delete malformed.Records[0]!.ses.receipt.dmarcVerdict;
    malformed.Records[0]!.ses.receipt.spfVerdict = { status: 'pass' };

    expect(issuesOf(malformed)).toEqual([
      expect.stringMatching(/^Records\.0\.ses\.receipt\.spfVerdict\.status: Invalid enum value/),
      expect.stringMatching(/^Records\.0\.ses\.receipt\.dmarcVerdict: Required/),
    ]);
    expect(() => SesReceiptEvent.parse(malformed)).toThrow(/dmarcVerdict/);
  });

  it('rejects an S3 object key that a messageId could smuggle in', () => {
    const traversal = event();
    traversal.Records[0]!.ses.mail.messageId = '../other-user/secret';
    expect(issuesOf(traversal)).toEqual([expect.stringMatching(/^Records\.0\.ses\.mail\.messageId: /)]);
  });

  it('rejects an event from another source and an empty batch', () => {
    const sns = event() as unknown as { Records: { eventSource: string }[] };
    sns.Records[0]!.eventSource = 'aws:sns';
    expect(issuesOf(sns)).toEqual([expect.stringMatching(/^Records\.0\.eventSource: /)]);
    expect(issuesOf({ Records: [] })).toEqual([expect.stringMatching(/^Records: /)]);
  });
});

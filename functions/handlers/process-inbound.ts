import { z } from '../commons/zod';
import { InboundMail } from '../inbound/inbound-mail';
import { handleInboundEmail, InboundInProgressError } from '../workflows/handle-inbound-email';
import { awsDeps } from './aws-deps';
import { withReadableStacks } from '../commons/stack-trace';
import { withLogContext } from '../adapters/aws/powertools-logger';

/** The SQS event of the inbound queue (only what is read). */
const SqsEvent = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string() })).min(1),
});

/**
 * Acts on inbound mail that inbound-email read: logs invitations, applies replies, answers.
 * A record that fails is reported alone (partial batch response), so SQS retries just it and,
 * after its receive limit, moves it to the dead-letter queue.
 */
async function handle(event: unknown): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const { Records } = SqsEvent.parse(event);
  const deps = awsDeps();
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of Records) {
    try {
      await handleInboundEmail(deps, InboundMail.parse(JSON.parse(record.body)));
    } catch (error) {
      // Another delivery of this message is being processed: SQS hands it out again later; not an error.
      if (error instanceof InboundInProgressError)
        deps.log.info('inbound duplicate in flight: retry later', { messageId: record.messageId, why: error.message });
      else deps.log.error('inbound processing failed', { messageId: record.messageId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export const handler = withLogContext(withReadableStacks(handle));

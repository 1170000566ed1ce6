import { SNSClient } from '@aws-sdk/client-sns';
import { SnsOperator } from '../adapters/aws/sns-operator';
import { systemClock } from '../adapters/system-clock';
import { powertoolsLogger, withLogContext } from '../adapters/aws/powertools-logger';
import { once } from '../commons/once';
import { z } from '../commons/zod';
import { readMailFeedback } from '../inbound/mail-feedback';
import { recordMailFeedback, type FeedbackDeps } from '../workflows/record-mail-feedback';
import { withReadableStacks } from '../commons/stack-trace';
import { readEnv } from './env';
import { lazyPorts } from './lazy-ports';
import { tableStore } from './table-store';

/**
 * SES bounce and complaint events, published by the configuration set to an SNS topic that
 * invokes this function: records the address as suppressed and tells the operator (alarm topic).
 * It may read and write the table's suppression items and publish to the alarm topic, nothing else.
 */
const Env = z.object({ TABLE_NAME: z.string().min(1), ALARM_TOPIC_ARN: z.string().startsWith('arn:') });
/** Made on the first event, each port when first read. */
const feedbackDeps = once(() => {
  const env = readEnv(process.env, Env);
  return lazyPorts<FeedbackDeps>({
    store: () => tableStore(env.TABLE_NAME, systemClock),
    operator: () => new SnsOperator({ client: new SNSClient({}), topicArn: env.ALARM_TOPIC_ARN }),
    clock: () => systemClock,
    log: () => powertoolsLogger(),
  });
});

/** The SNS event Lambda receives (only what is read). https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html */
const SnsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ MessageId: z.string(), Message: z.string() }) })).min(1),
});

async function handle(event: unknown): Promise<{ suppressed: number; ignored: number }> {
  const { Records } = SnsEvent.parse(event);
  const deps = feedbackDeps();
  let suppressed = 0;
  let ignored = 0;
  for (const { Sns } of Records) {
    const feedback = readMailFeedback(Sns.Message);
    if (!feedback) {
      deps.log.info('feedback ignored: not a bounce or complaint record', { snsMessageId: Sns.MessageId });
      ignored += 1;
      continue;
    }
    suppressed += (await recordMailFeedback(deps, feedback)).suppressed.length;
  }
  return { suppressed, ignored };
}

export const handler = withLogContext(withReadableStacks(handle));

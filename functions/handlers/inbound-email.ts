import { countMetric, INBOUND_IGNORED_METRIC } from '../commons/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from '../commons/zod';
import { S3RawMailStore } from '../adapters/aws/s3-raw-mail-store';
import { SqsInboundQueue } from '../adapters/aws/sqs-inbound-queue';
import { powertoolsLogger, withLogContext } from '../adapters/aws/powertools-logger';
import { once } from '../commons/once';
import type { Logger } from '../ports';
import { readInboundMail } from '../inbound/read-inbound-mail';
import { scanVerdictDrop } from '../inbound/sender-policy';
import { readEnv } from './env';
import { lazyPorts } from './lazy-ports';
import { SesReceiptEvent } from './ses-event';
import { withReadableStacks } from '../commons/stack-trace';

/**
 * SES receipt rule, action 2: reads the raw message that action 1 stored in S3 under
 * `<prefix><messageId>`, and queues what it says for process-inbound. This function parses
 * untrusted MIME, so it may read the mail bucket and send to the queue — nothing else.
 */
const Env = z.object({
  RAW_MAIL_BUCKET: z.string().min(1),
  RAW_MAIL_PREFIX: z.string().default('inbound/'),
  INBOUND_QUEUE_URL: z.string().url(),
});
/** Made on the first message, each port when first read: a dropped (spam, virus) delivery never needs the queue. */
const ports = once(() => {
  const env = readEnv(process.env, Env);
  return lazyPorts<{ rawMail: S3RawMailStore; queue: SqsInboundQueue; log: Logger }>({
    rawMail: () => new S3RawMailStore({ bucket: env.RAW_MAIL_BUCKET, prefix: env.RAW_MAIL_PREFIX }),
    queue: () => new SqsInboundQueue({ client: new SQSClient({}), queueUrl: env.INBOUND_QUEUE_URL }),
    log: () => powertoolsLogger(),
  });
});

async function handle(event: unknown): Promise<{ queued: number; ignored: number }> {
  const { Records } = SesReceiptEvent.parse(event);
  const { rawMail, queue, log } = ports();
  let queued = 0;
  for (const { ses } of Records) {
    const { receipt } = ses;
    const dropped = scanVerdictDrop({
      ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}),
      ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
    });
    if (dropped) {
      log.info('inbound ignored', {
        why: dropped,
        deliveryId: ses.mail.messageId,
        ...countMetric(INBOUND_IGNORED_METRIC, new Date(ses.mail.timestamp)),
      });
      continue;
    }
    const read = await readInboundMail(await rawMail.get(rawMail.keyFor(ses.mail.messageId)), {
      envelopeFrom: ses.mail.source,
      recipients: receipt.recipients,
      // Judged against the From address once it is read (sender-policy.ts, isAuthenticated).
      authenticated: {
        spf: receipt.spfVerdict.status,
        dkim: receipt.dkimVerdict.status,
        dmarc: receipt.dmarcVerdict.status,
        ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
      },
      deliveryId: ses.mail.messageId,
      receivedAt: new Date(ses.mail.timestamp),
    });
    if (!read.ok) {
      log.info('inbound ignored', {
        why: read.why,
        deliveryId: ses.mail.messageId,
        ...countMetric(INBOUND_IGNORED_METRIC, new Date(ses.mail.timestamp)),
      });
      continue;
    }
    await queue.send(read.mail);
    queued += 1;
  }
  return { queued, ignored: Records.length - queued };
}

export const handler = withLogContext(withReadableStacks(handle));

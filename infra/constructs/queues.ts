import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Every queue of the stack: encrypted at rest with SQS's own key, and refusing requests without TLS. */
export function encryptedQueue(scope: Construct, id: string, props: Omit<sqs.QueueProps, 'encryption' | 'enforceSSL'>): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}

/**
 * A queue where failed work ends up (a dead-letter or on-failure queue): kept 14 days, SQS's
 * longest, so the operator has the most time to look. It has no dead-letter queue of its own, and
 * cdk-nag's AwsSolutions-SQS3 is acknowledged with `whyNoDeadLetterQueue`.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export function lastStopQueue(scope: Construct, id: string, whyNoDeadLetterQueue: string): sqs.Queue {
  const queue = encryptedQueue(scope, id, { retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: whyNoDeadLetterQueue });
  return queue;
}

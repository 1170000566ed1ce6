import type { Message } from '@aws-sdk/client-sqs';

/**
 * The event Lambda's SQS event source mapping builds from the messages it received, with the
 * fields our handlers read: for the rehearsal and the bench, which play the trigger themselves.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function sqsTriggerEvent(messages: Message[], queueArn: string, region: string) {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: m.Attributes ?? {},
      messageAttributes: {},
      md5OfBody: m.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

/** The ids of the records a handler reported failed (its partial batch response). */
export function failedRecordIds(result: unknown): Set<string> {
  return new Set(((result as { batchItemFailures?: { itemIdentifier: string }[] }).batchItemFailures ?? []).map((f) => f.itemIdentifier));
}

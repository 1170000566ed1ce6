/**
 * `npm run redrive [-- --stack Rapport-prod]`: moves every message in the inbound dead-letter
 * queue (the stack's `InboundDeadLetterQueueName` output) back to the inbound queue, once the
 * cause of its failures is fixed. A message lands there after `process-inbound` failed on it five
 * times, possibly half done (an interview stored and its reminders scheduled, its confirmation not
 * sent); processing is safe to repeat (docs/architecture.md, "Exactly once"), so the redriven
 * message finishes what the failed runs began and does nothing twice. docs/operations.md.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** How long a message being moved stays invisible on the dead-letter queue: plenty for one send and delete. */
const MOVE_VISIBILITY_SECONDS = 60;

export interface Redriven {
  /** The queue the messages went back to: the one whose redrive policy names the dead-letter queue. */
  sourceQueueUrl: string;
  moved: number;
}

/**
 * Each message is sent to the source queue before it is deleted from the dead-letter queue, so a
 * crash in between leaves a copy in both; the inbound lease (`MSG#…`) makes the second a duplicate
 * delivery, dropped. SQS's own StartMessageMoveTask (the console's "Start DLQ redrive") does the
 * same; this loop also runs against an emulator.
 */
export async function redriveDeadLetters(sqs: SQSClient, deadLetterQueueName: string): Promise<Redriven> {
  const { QueueUrl: deadLetterUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: deadLetterQueueName }));
  if (!deadLetterUrl) throw new Error(`no queue named ${deadLetterQueueName}`);
  const { queueUrls = [] } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: deadLetterUrl }));
  const [sourceQueueUrl, ...others] = queueUrls;
  if (!sourceQueueUrl || others.length > 0)
    throw new Error(`${deadLetterQueueName} is the dead-letter queue of ${queueUrls.length} queues; expected one`);
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: MOVE_VISIBILITY_SECONDS,
      }),
    );
    if (Messages.length === 0) return { sourceQueueUrl, moved };
    for (const message of Messages) {
      await sqs.send(new SendMessageCommand({ QueueUrl: sourceQueueUrl, MessageBody: message.Body! }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: message.ReceiptHandle! }));
      moved += 1;
    }
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const stackName = option(args, 'stack') ?? 'Rapport';
  const cloudformation = new CloudFormationClient({});
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
  cloudformation.destroy();
  const queueName = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'InboundDeadLetterQueueName')?.OutputValue;
  if (!queueName) throw new Error(`stack ${stackName} has no InboundDeadLetterQueueName output`);
  const sqs = new SQSClient({});
  try {
    const { moved, sourceQueueUrl } = await redriveDeadLetters(sqs, queueName);
    process.stdout.write(`Moved ${moved} message${moved === 1 ? '' : 's'} from ${queueName} back to ${sourceQueueUrl}.\n`);
  } finally {
    sqs.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

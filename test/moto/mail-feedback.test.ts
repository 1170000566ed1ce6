/**
 * The mail-feedback function as Lambda runs it, against moto server: SNS events carrying SES's own
 * bounce and complaint records (AWS's documented examples), the suppression written to DynamoDB,
 * and the operator's message read from an SQS queue subscribed to the alarm topic — what an email
 * subscription would receive.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { tableDefinition } from '../../functions/adapters/dynamodb/table';
import { environmentRestorer, setLambdaEnvironment } from '../support/lambda-environment';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../support/moto-server';

type FeedbackHandler = typeof import('../../functions/handlers/mail-feedback').handler;

const TABLE = 'rapport-feedback-test';
const USER_ID = 'u-0a1b2c';
let moto: MotoServer;
let dynamo: DynamoDBClient;
let store: DynamoDbStore;
let sqs: SQSClient;
let sns: SNSClient;
let operatorInbox: string;
let handler: FeedbackHandler;
const restoreEnvironment = environmentRestorer();

/** SES's Bounce record (event publishing), as in AWS's examples. */
function bounceRecord(address: string, bounceType = 'Permanent', bounceSubType = 'General') {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      timestamp: '2027-03-01T14:00:02.669Z',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: {
      timestamp: '2027-03-01T14:00:00.012Z',
      source: 'Rapport <log@rapport.example>',
      messageId: 'EXAMPLE7c191be45',
      destination: [address],
    },
  };
}

function complaintRecord(address: string) {
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: address }],
      timestamp: '2027-03-01T15:00:00.000Z',
      feedbackId: 'c-1',
      complaintFeedbackType: 'abuse',
    },
    mail: { timestamp: '2027-03-01T14:00:00.012Z', source: 'Rapport <log@rapport.example>', messageId: 'EXAMPLE2', destination: [address] },
  };
}

/** The event Lambda receives from an SNS subscription, one record per SNS message. */
function snsEvent(...records: unknown[]) {
  return {
    Records: records.map((record, index) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: {
        Type: 'Notification',
        MessageId: `m-${index}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:feedback',
        Message: typeof record === 'string' ? record : JSON.stringify(record),
      },
    })),
  };
}

async function operatorMessages(): Promise<{ Subject: string; Message: string }[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: operatorInbox, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
  );
  return Messages.map((m) => JSON.parse(m.Body ?? '{}') as { Subject: string; Message: string });
}

beforeAll(async () => {
  moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  dynamo = new DynamoDBClient(config);
  sqs = new SQSClient(config);
  sns = new SNSClient(config);
  await dynamo.send(new CreateTableCommand(tableDefinition(TABLE)));
  store = new DynamoDbStore({ client: DynamoDBDocumentClient.from(dynamo), tableName: TABLE });
  await store.claimEmail('alex@example.com', USER_ID);

  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'rapport-alarms' }));
  operatorInbox = (await sqs.send(new CreateQueueCommand({ QueueName: 'operator-inbox' }))).QueueUrl!;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: operatorInbox, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn! }));

  setLambdaEnvironment(moto, {
    TABLE_NAME: TABLE,
    ALARM_TOPIC_ARN: TopicArn,
  });
  // The handler reads its environment at module load, as in a Lambda container.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the environment is set, as lambda-handlers.test.ts does
  handler = (require('../../functions/handlers/mail-feedback') as { handler: FeedbackHandler }).handler;
});

afterAll(async () => {
  for (const client of [dynamo, sqs, sns]) client?.destroy();
  await moto?.stop();
  restoreEnvironment();
});

describe('mail-feedback (SNS → Lambda, on moto)', () => {
  it('suppresses a hard-bouncing user address and tells the operator on the alarm topic, once across retries', async () => {
    expect(await handler(snsEvent(bounceRecord('Alex@example.com')))).toEqual({ suppressed: 1, ignored: 0 });

    expect(await store.getSuppression('alex@example.com')).toMatchObject({
      email: 'alex@example.com',
      reason: 'bounce',
      detail: 'Permanent/General',
      feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      reportedAt: expect.any(String),
    });
    const [told, ...more] = await operatorMessages();
    expect(more).toEqual([]);
    expect(told?.Subject).toBe('Rapport stopped mailing alex@example.com (hard bounce)');
    expect(told?.Message).toContain(`It is the address of user ${USER_ID}; their reminders and digests are skipped from now on.`);
    expect(told?.Message).toContain('aws sesv2 delete-suppressed-destination --email-address alex@example.com');

    // SNS delivers at least once: the same event again changes nothing and tells no one.
    expect(await handler(snsEvent(bounceRecord('alex@example.com')))).toEqual({ suppressed: 1, ignored: 0 });
    expect(await operatorMessages()).toEqual([]);
  });

  it('suppresses a complaining address; a soft bounce and other event types change nothing', async () => {
    const result = await handler(
      snsEvent(
        complaintRecord('sam@example.org'),
        bounceRecord('kim@example.org', 'Transient', 'MailboxFull'),
        { eventType: 'Delivery', delivery: { recipients: ['kim@example.org'] }, mail: {} },
        'not json at all',
      ),
    );
    expect(result).toEqual({ suppressed: 1, ignored: 2 });
    expect(await store.getSuppression('sam@example.org')).toMatchObject({ reason: 'complaint', detail: 'abuse' });
    expect(await store.getSuppression('kim@example.org')).toBeUndefined();
    const told = await operatorMessages();
    expect(told.map((m) => m.Subject)).toEqual(['Rapport stopped mailing sam@example.org (spam complaint)']);
    expect(told[0]?.Message).toContain('No Rapport user has this address.');
  });

  it('refuses an event that is not from SNS, so Lambda retries and then keeps it in the failure queue', async () => {
    await expect(handler({ Records: [] })).rejects.toThrow();
    await expect(handler({ detail: 'an EventBridge event' })).rejects.toThrow();
  });
});

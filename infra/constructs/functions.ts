import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/table';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const HANDLERS_DIR = path.join(PROJECT_ROOT, 'functions', 'handlers');

/**
 * One Lambda per trigger; the key is the handler's file name in `functions/handlers/`. Inbound
 * mail takes two: `inbound-email` parses the untrusted raw message and queues a small record,
 * `process-inbound` consumes the queue and runs the workflows. `mail-feedback` records the
 * addresses SES reports as hard-bounced or complaining.
 */
export const HANDLERS = ['inbound-email', 'process-inbound', 'reminder', 'weekly-digest', 'mail-feedback'] as const;
export type HandlerName = (typeof HANDLERS)[number];

/**
 * Function names are fixed (`<stack>-<handler>`) so that ARNs are known before the functions
 * exist: the reminder and digest functions carry their own ARN in their environment (a schedule
 * they create must point back at them), which a `GetAtt` on themselves could not express.
 * Lambda names are at most 64 characters.
 */
export function functionName(stackName: string, handler: HandlerName): string {
  const name = `${stackName}-${handler}`;
  if (name.length > 64) throw new Error(`Function name "${name}" exceeds Lambda's 64-character limit; use a shorter stack name`);
  return name;
}

export function functionArn(stack: Stack, handler: HandlerName): string {
  return stack.formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName(stack.stackName, handler),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * An ARN as cdk-nag prints it in a finding id: pseudo parameters as `<AWS::…>`, so an
 * acknowledgement matches whether or not the stack's account and region are concrete.
 */
function nagArn(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn) as unknown;
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`Cannot render ${JSON.stringify(resolved)} as a cdk-nag resource`);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref?.startsWith('AWS::')) return `<${ref}>`;
      throw new Error(`Cannot render ${JSON.stringify(part)} as a cdk-nag resource`);
    })
    .join(join[0]);
}

export interface FunctionsProps {
  readonly table: dynamodb.ITable;
  readonly rawMailBucket: s3.IBucket;
  readonly rawMailPrefix: string;
  readonly domain: string;
  readonly allowedSenders: readonly string[];
  readonly scheduleGroupName: string;
  /** `arn:…:schedule/<group>/*` */
  readonly schedulesArn: string;
  readonly schedulerRole: iam.IRole;
  /** Given to CreateSchedule as `Target.DeadLetterConfig.Arn` by the scheduler adapter. */
  readonly scheduleDeadLetterQueueArn: string;
  readonly tokenSecret: secretsmanager.ISecret;
  readonly sesIdentityArn: string;
  readonly sesConfigurationSetName: string;
  readonly sesConfigurationSetArn: string;
  /** Where the configuration set publishes bounces and complaints (invokes mail-feedback). */
  readonly mailFeedbackTopic: sns.ITopic;
  /** The operator's topic: mail-feedback tells it which address Rapport stopped mailing. */
  readonly alarmTopic: sns.ITopic;
}

/** What a function that runs workflows (table, mail, schedules) may do. */
interface WorkflowAccess {
  readonly tableActions: readonly string[];
  readonly managesSchedules: boolean;
  /** Deletes a user's raw mail (`delete my data`): s3:DeleteObject under the inbound prefix, never a read. */
  readonly deletesRawMail?: boolean;
}

interface FunctionSpec {
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /**
   * `async`: SES or Scheduler invokes it as an event; Lambda retries and then sends the record to
   * the failure queue. `inbound-queue`: an event source mapping polls the inbound queue; SQS
   * retries and then moves the message to the queue's dead-letter queue.
   */
  readonly invokedBy: 'async' | 'inbound-queue';
  /** Absent: the function reaches neither the table nor SES, Scheduler or the token secret. */
  readonly workflows?: WorkflowAccess;
}

const READ_WRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];

/**
 * What each trigger may do, matched to what its workflows call. inbound-email parses untrusted
 * MIME, so it only reads raw mail and queues what it read (granted below, not here). Only
 * process-inbound deletes (`delete my data`, releasing a duplicate-delivery claim); it and the
 * digest keep schedules in line (reminders, the weekly digest); a reminder only sends.
 */
const SPECS: Record<HandlerName, FunctionSpec> = {
  'inbound-email': {
    description: 'Rapport: reads a received message from S3 and queues it for processing (SES receipt rule)',
    timeout: Duration.seconds(60),
    memorySize: 512,
    invokedBy: 'async',
  },
  'process-inbound': {
    description: 'Rapport: logs a forwarded invitation or applies a reply (inbound queue)',
    timeout: Duration.seconds(60),
    memorySize: 512,
    invokedBy: 'inbound-queue',
    workflows: { tableActions: [...READ_WRITE, 'dynamodb:DeleteItem'], managesSchedules: true, deletesRawMail: true },
  },
  reminder: {
    description: 'Rapport: sends a prep brief, thank-you draft or nudge (one-time schedule)',
    timeout: Duration.seconds(30),
    memorySize: 256,
    invokedBy: 'async',
    workflows: { tableActions: READ_WRITE, managesSchedules: false },
  },
  'weekly-digest': {
    description: "Rapport: sends a user's weekly digest (recurring schedule)",
    timeout: Duration.seconds(60),
    memorySize: 256,
    invokedBy: 'async',
    workflows: { tableActions: READ_WRITE, managesSchedules: true },
  },
  // SNS invokes a function asynchronously, so Lambda's retries and the failure queue apply.
  'mail-feedback': {
    description: 'Rapport: stops mailing an address SES reports as bounced or complaining (SNS)',
    timeout: Duration.seconds(30),
    memorySize: 256,
    invokedBy: 'async',
  },
};

/** Records per process-inbound invocation; each failed record is reported alone (partial batch response). */
export const INBOUND_BATCH_SIZE = 5;
/** Receives of one inbound message before SQS moves it to the dead-letter queue. */
export const INBOUND_MAX_RECEIVE_COUNT = 5;
/**
 * At least six times the consumer's timeout, so that a message is not handed out again while an
 * invocation (with Lambda's own retries of a throttled batch) may still be working on it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
const INBOUND_VISIBILITY_TIMEOUT = Duration.seconds(6 * SPECS['process-inbound'].timeout.toSeconds());

/**
 * The on-failure destination of an asynchronously invoked function. Lambda sends the invocation
 * record with the function's execution role, which needs `sqs:SendMessage` and nothing more
 * (`SqsDestination` would also grant GetQueueAttributes and GetQueueUrl).
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
class FailureQueueDestination implements lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    return { destination: this.queue.queueArn };
  }
}

/**
 * The four Lambda functions, each with its own role holding only what its trigger needs and its
 * own log group; the inbound queue between inbound-email and process-inbound, with its
 * dead-letter queue; and a shared queue that receives every asynchronous invocation (SES,
 * Scheduler) that still fails after Lambda's retries.
 */
export class Functions extends Construct {
  readonly byHandler: Record<HandlerName, nodejs.NodejsFunction>;
  /** On-failure destination of inbound-email, reminder and weekly-digest. */
  readonly failureQueue: sqs.Queue;
  /** What inbound-email read, waiting for process-inbound. */
  readonly inboundQueue: sqs.Queue;
  /** Inbound messages process-inbound failed on {@link INBOUND_MAX_RECEIVE_COUNT} times. */
  readonly inboundDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.failureQueue = new sqs.Queue(this, 'AsyncFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the functions; a DLQ of a DLQ has no use.',
    });

    // A standard queue keeps a message's original enqueue time when it moves to the DLQ, so the
    // DLQ keeps messages longer than the queue does.
    this.inboundDeadLetterQueue = new sqs.Queue(this, 'InboundDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.inboundDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the inbound queue; a DLQ of a DLQ has no use.',
    });
    this.inboundQueue = new sqs.Queue(this, 'InboundQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: INBOUND_VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.inboundDeadLetterQueue, maxReceiveCount: INBOUND_MAX_RECEIVE_COUNT },
    });

    // inbound-email validates exactly these at module load (functions/handlers/inbound-email.ts).
    const readerEnvironment: Record<string, string> = {
      RAW_MAIL_BUCKET: props.rawMailBucket.bucketName,
      RAW_MAIL_PREFIX: props.rawMailPrefix,
      INBOUND_QUEUE_URL: this.inboundQueue.queueUrl,
    };
    // What the workflow functions read (functions/handlers/env.ts), plus the schedule DLQ for the
    // scheduler adapter.
    const workflowEnvironment: Record<string, string> = {
      TABLE_NAME: props.table.tableName,
      MAIL_DOMAIN: props.domain,
      ALLOWED_SENDERS: props.allowedSenders.join(','),
      SCHEDULE_GROUP_NAME: props.scheduleGroupName,
      SCHEDULER_ROLE_ARN: props.schedulerRole.roleArn,
      SCHEDULE_DLQ_ARN: props.scheduleDeadLetterQueueArn,
      REMINDER_FUNCTION_ARN: functionArn(stack, 'reminder'),
      DIGEST_FUNCTION_ARN: functionArn(stack, 'weekly-digest'),
      TOKEN_SECRET_ARN: props.tokenSecret.secretArn,
      SES_CONFIGURATION_SET: props.sesConfigurationSetName,
      // `delete my data` deletes the user's raw mail too (process-inbound only is allowed to).
      RAW_MAIL_BUCKET: props.rawMailBucket.bucketName,
      RAW_MAIL_PREFIX: props.rawMailPrefix,
    };

    const grantWorkflows = (role: iam.Role, access: WorkflowAccess): void => {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: [...access.tableActions],
          resources: [props.table.tableArn, `${props.table.tableArn}/index/${TABLE_KEYS.gsi1Name}`],
        }),
      );
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [props.sesIdentityArn, props.sesConfigurationSetArn],
        }),
      );
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.tokenSecret.secretArn] }),
      );
      if (access.deletesRawMail) {
        role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [props.rawMailBucket.arnForObjects(`${props.rawMailPrefix}*`)] }));
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.rawMailBucket.node.defaultChild as never)}.Arn>/${props.rawMailPrefix}*]`,
          reason: 'Object keys are SES message ids, recorded per user when they arrive; deleting is limited to the inbound/ prefix, with no read.',
        });
      }
      if (!access.managesSchedules) return;
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
          resources: [props.schedulesArn],
        }),
      );
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArn(stack, props.schedulesArn)}]`,
        reason:
          'Schedule names are per interview and per user (<interviewId>-prep, …), unknown in advance; the ' +
          'wildcard is limited to the schedules of this stack\'s group.',
      });
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [props.schedulerRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
    };

    const build = (handler: HandlerName, environment: Record<string, string>): { fn: nodejs.NodejsFunction; role: iam.Role } => {
      const spec = SPECS[handler];
      const logGroup = new logs.LogGroup(this, `${handler}-logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new iam.Role(this, `${handler}-role`, {
        description: `Execution role of ${functionName(stack.stackName, handler)}`,
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });
      logGroup.grantWrite(role);
      if (spec.workflows) grantWorkflows(role, spec.workflows);

      const fn = new nodejs.NodejsFunction(this, handler, {
        functionName: functionName(stack.stackName, handler),
        description: spec.description,
        entry: path.join(HANDLERS_DIR, `${handler}.ts`),
        handler: 'handler',
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: spec.memorySize,
        timeout: spec.timeout,
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        environment: {
          NODE_OPTIONS: '--enable-source-maps',
          ...environment,
        },
        // An event source mapping ignores the async invocation settings; SQS retries instead.
        ...(spec.invokedBy === 'async'
          ? { onFailure: new FailureQueueDestination(this.failureQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) }
          : {}),
        bundling: {
          forceDockerBundling: false,
          minify: true,
          sourceMap: true,
          // Names and lines are enough for stack traces; embedding sources would double the package.
          sourcesContent: false,
          externalModules: ['@aws-sdk/*'],
          format: nodejs.OutputFormat.CJS,
          // Lets esbuild drop development-only branches (e.g. windows-iana ships both builds).
          define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        },
      });
      if (spec.invokedBy === 'inbound-queue') {
        // Grants the role ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes/Url.
        fn.addEventSource(
          new eventSources.SqsEventSource(this.inboundQueue, {
            batchSize: INBOUND_BATCH_SIZE,
            reportBatchItemFailures: true,
          }),
        );
      }
      return { fn, role };
    };

    const inboundEmail = build('inbound-email', readerEnvironment);
    // The reader of untrusted MIME: raw mail under inbound/ in, one queue out (plus its logs and
    // its failure destination).
    inboundEmail.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.rawMailBucket.arnForObjects(`${props.rawMailPrefix}*`)],
      }),
    );
    Validations.of(inboundEmail.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.rawMailBucket.node.defaultChild as never)}.Arn>/${props.rawMailPrefix}*]`,
      reason: 'Object keys are SES message ids, unknown in advance; access is limited to the inbound/ prefix and to reading.',
    });
    inboundEmail.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.inboundQueue.queueArn] }),
    );

    // mail-feedback validates exactly these (functions/handlers/mail-feedback.ts): suppression
    // items in the table, one topic to publish to, nothing of the workflows.
    const mailFeedback = build('mail-feedback', { TABLE_NAME: props.table.tableName, ALARM_TOPIC_ARN: props.alarmTopic.topicArn });
    mailFeedback.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [props.table.tableArn] }),
    );
    mailFeedback.role.addToPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.alarmTopic.topicArn] }));
    props.mailFeedbackTopic.addSubscription(new subscriptions.LambdaSubscription(mailFeedback.fn));

    this.byHandler = {
      'inbound-email': inboundEmail.fn,
      'process-inbound': build('process-inbound', workflowEnvironment).fn,
      reminder: build('reminder', workflowEnvironment).fn,
      'weekly-digest': build('weekly-digest', workflowEnvironment).fn,
      'mail-feedback': mailFeedback.fn,
    };
  }
}

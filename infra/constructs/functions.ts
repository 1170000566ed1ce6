import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/table';
import type { TokenKeyParameter } from './data';
import { encryptedQueue, lastStopQueue } from './queues';
import { createSendQueue, sendMailEnvironment, wireSendMail } from './send-queue';
import {
  functionArn,
  functionName,
  HANDLERS_DIR,
  type HandlerName,
  INBOUND_BATCH_SIZE,
  INBOUND_MAX_CONCURRENCY,
  INBOUND_MAX_RECEIVE_COUNT,
  INBOUND_VISIBILITY_TIMEOUT,
  nagArn,
  PROJECT_ROOT,
  SPECS,
  type WorkflowAccess,
} from './function-specs';

export interface FunctionsProps {
  readonly table: dynamodb.ITable;
  readonly rawMailBucket: s3.IBucket;
  readonly rawMailPrefix: string;
  readonly domain: string;
  readonly allowedSenders: readonly string[];
  /** Where replies to the help email go; without one, a reply gets help again. */
  readonly operatorEmail?: string;
  readonly scheduleGroupName: string;
  /** `arn:…:schedule/<group>/*` */
  readonly schedulesArn: string;
  readonly schedulerRole: iam.IRole;
  /** Given to CreateSchedule as `Target.DeadLetterConfig.Arn` by the scheduler adapter. */
  readonly scheduleDeadLetterQueueArn: string;
  readonly tokenKeyParameter: TokenKeyParameter;
  readonly sesIdentityArn: string;
  readonly sesConfigurationSetName: string;
  readonly sesConfigurationSetArn: string;
  /** Where the configuration set publishes bounces and complaints (invokes mail-feedback). */
  readonly mailFeedbackTopic: sns.ITopic;
  /** The operator's topic: mail-feedback tells it which address Rapport stopped mailing. */
  readonly alarmTopic: sns.ITopic;
  /** The account's SES sending rate, emails a second: send-mail stays under it. */
  readonly sesSendRate: number;
}

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

/** The inbound queue with its dead-letter queue, and the failure queue of the async functions. */
function createQueues(scope: Construct): { failureQueue: sqs.Queue; inboundQueue: sqs.Queue; inboundDeadLetterQueue: sqs.Queue } {
  const failureQueue = lastStopQueue(
    scope,
    'AsyncFailureQueue',
    'This queue is itself the on-failure destination of the functions; a DLQ of a DLQ has no use.',
  );

  // A standard queue keeps a message's original enqueue time when it moves to the DLQ, so the
  // DLQ keeps messages longer than the queue does.
  const inboundDeadLetterQueue = lastStopQueue(
    scope,
    'InboundDeadLetterQueue',
    'This queue is itself the dead-letter queue of the inbound queue; a DLQ of a DLQ has no use.',
  );
  const inboundQueue = encryptedQueue(scope, 'InboundQueue', {
    retentionPeriod: Duration.days(4),
    visibilityTimeout: INBOUND_VISIBILITY_TIMEOUT,
    deadLetterQueue: { queue: inboundDeadLetterQueue, maxReceiveCount: INBOUND_MAX_RECEIVE_COUNT },
  });
  return { failureQueue, inboundQueue, inboundDeadLetterQueue };
}

/** The environment of the reader (inbound-email) and of the workflow functions. */
function environments(
  stack: Stack,
  props: FunctionsProps,
  inboundQueue: sqs.IQueue,
  sendQueue: sqs.IQueue,
): Record<'reader' | 'workflow' | 'mailFeedback', Record<string, string>> {
  // inbound-email validates exactly these at module load (functions/handlers/inbound-email.ts).
  const readerEnvironment: Record<string, string> = {
    RAW_MAIL_BUCKET: props.rawMailBucket.bucketName,
    RAW_MAIL_PREFIX: props.rawMailPrefix,
    INBOUND_QUEUE_URL: inboundQueue.queueUrl,
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
    TOKEN_KEY_PARAMETER: props.tokenKeyParameter.name,
    SES_CONFIGURATION_SET: props.sesConfigurationSetName,
    // `delete my data` deletes the user's raw mail too (process-inbound only is allowed to).
    RAW_MAIL_BUCKET: props.rawMailBucket.bucketName,
    RAW_MAIL_PREFIX: props.rawMailPrefix,
    ...(props.operatorEmail ? { OPERATOR_EMAIL: props.operatorEmail } : {}),
    SEND_QUEUE_URL: sendQueue.queueUrl,
  };
  // mail-feedback validates exactly these (functions/handlers/mail-feedback.ts): suppression
  // items in the table, one topic to publish to, nothing of the workflows.
  const mailFeedback = { TABLE_NAME: props.table.tableName, ALARM_TOPIC_ARN: props.alarmTopic.topicArn };
  return { reader: readerEnvironment, workflow: workflowEnvironment, mailFeedback };
}

/** What a workflow function may do: the table, sending mail, the token key, and (some) schedules. */
function grantWorkflows(stack: Stack, props: FunctionsProps, role: iam.Role, access: WorkflowAccess, sendQueue: sqs.IQueue): void {
  // Every email is queued for send-mail; SES directly only for one too large to queue (an export).
  role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [sendQueue.queueArn] }));
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
  // Read, and created by whichever function first needs it (never overwritten). The AWS-managed
  // aws/ssm key encrypts it; its key policy lets the account's principals use it through SSM.
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [props.tokenKeyParameter.arn] }),
  );
  if (access.deletesRawMail) {
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [props.rawMailBucket.arnForObjects(`${props.rawMailPrefix}*`)] }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.rawMailBucket.node.defaultChild as never)}.Arn>/${props.rawMailPrefix}*]`,
      reason:
        'Object keys are SES message ids, recorded per user when they arrive; deleting is limited to the inbound/ prefix, with no read.',
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
      "wildcard is limited to the schedules of this stack's group.",
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [props.schedulerRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  );
}

interface BuildContext {
  scope: Construct;
  stack: Stack;
  props: FunctionsProps;
  failureQueue: sqs.IQueue;
  inboundQueue: sqs.IQueue;
  sendQueue: sqs.IQueue;
}

/** One function with its own role and log group, bundled by the local esbuild. */
function buildFunction(
  context: BuildContext,
  handler: HandlerName,
  environment: Record<string, string>,
): { fn: nodejs.NodejsFunction; role: iam.Role } {
  const { scope, stack, props, failureQueue, inboundQueue, sendQueue } = context;
  const spec = SPECS[handler];
  const logGroup = new logs.LogGroup(scope, `${handler}-logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${handler}-role`, {
    description: `Execution role of ${functionName(stack.stackName, handler)}`,
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  logGroup.grantWrite(role);
  if (spec.workflows) grantWorkflows(stack, props, role, spec.workflows, sendQueue);

  const fn = new nodejs.NodejsFunction(scope, handler, {
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
    // No --enable-source-maps: Node would parse each bundle's map at every cold start (8–11 ms of
    // CPU); functions/commons/stack-trace.ts maps a stack only when an error is logged.
    environment,
    // An event source mapping ignores the async invocation settings; SQS retries instead.
    ...(spec.invokedBy === 'async'
      ? { onFailure: new FailureQueueDestination(failureQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) }
      : {}),
    bundling: {
      forceDockerBundling: false,
      minify: true,
      sourceMap: true,
      // Names and lines are enough for stack traces (read by functions/commons/stack-trace.ts when an
      // error is logged); embedding sources would double the package.
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
      new eventSources.SqsEventSource(inboundQueue, {
        batchSize: INBOUND_BATCH_SIZE,
        maxConcurrency: INBOUND_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
  }
  return { fn, role };
}

/** inbound-email reads raw mail under the prefix and sends to the inbound queue: nothing else. */
function grantReader(stack: Stack, props: FunctionsProps, inboundEmail: { role: iam.Role }, inboundQueue: sqs.IQueue): void {
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
  inboundEmail.role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [inboundQueue.queueArn] }));
}

/** mail-feedback: suppression items in the table, the operator's topic, subscribed to the feedback topic. */
function grantMailFeedback(props: FunctionsProps, mailFeedback: { fn: nodejs.NodejsFunction; role: iam.Role }): void {
  mailFeedback.role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [props.table.tableArn],
    }),
  );
  mailFeedback.role.addToPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.alarmTopic.topicArn] }));
  props.mailFeedbackTopic.addSubscription(new subscriptions.LambdaSubscription(mailFeedback.fn));
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
  /**
   * Inbound messages process-inbound failed on {@link INBOUND_MAX_RECEIVE_COUNT} times, and queued
   * emails SES refused for about two days (SEND_MAX_RECEIVE_COUNT); redrive returns each to its queue.
   */
  readonly inboundDeadLetterQueue: sqs.Queue;
  /** Every email the workflows send, waiting for send-mail. */
  readonly sendQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const queues = createQueues(this);
    this.failureQueue = queues.failureQueue;
    this.inboundQueue = queues.inboundQueue;
    this.inboundDeadLetterQueue = queues.inboundDeadLetterQueue;
    this.sendQueue = createSendQueue(this, this.inboundDeadLetterQueue);

    const context: BuildContext = {
      scope: this,
      stack,
      props,
      failureQueue: this.failureQueue,
      inboundQueue: this.inboundQueue,
      sendQueue: this.sendQueue,
    };
    const environment = environments(stack, props, this.inboundQueue, this.sendQueue);
    const inboundEmail = buildFunction(context, 'inbound-email', environment.reader);
    grantReader(stack, props, inboundEmail, this.inboundQueue);
    const mailFeedback = buildFunction(context, 'mail-feedback', environment.mailFeedback);
    grantMailFeedback(props, mailFeedback);
    const sendMail = buildFunction(
      context,
      'send-mail',
      sendMailEnvironment({
        tableName: props.table.tableName,
        sendQueue: this.sendQueue,
        sesSendRate: props.sesSendRate,
        alarmTopicArn: props.alarmTopic.topicArn,
        domain: props.domain,
        sesConfigurationSetName: props.sesConfigurationSetName,
      }),
    );
    wireSendMail(sendMail, {
      sendQueue: this.sendQueue,
      tableArn: props.table.tableArn,
      sesResources: [props.sesIdentityArn, props.sesConfigurationSetArn],
      alarmTopicArn: props.alarmTopic.topicArn,
    });

    this.byHandler = {
      'inbound-email': inboundEmail.fn,
      'process-inbound': buildFunction(context, 'process-inbound', environment.workflow).fn,
      reminder: buildFunction(context, 'reminder', environment.workflow).fn,
      'weekly-digest': buildFunction(context, 'weekly-digest', environment.workflow).fn,
      'mail-feedback': mailFeedback.fn,
      'send-mail': sendMail.fn,
      unsubscribe: buildFunction(context, 'unsubscribe', environment.workflow).fn,
    };
  }
}

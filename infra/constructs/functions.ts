import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { GSI1 } from './data';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const HANDLERS_DIR = path.join(PROJECT_ROOT, 'functions', 'handlers');

/** One Lambda per trigger; the key is the handler's file name in `functions/handlers/`. */
export const HANDLERS = ['inbound-email', 'reminder', 'weekly-digest'] as const;
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
}

interface FunctionSpec {
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly tableActions: readonly string[];
  readonly readsRawMail: boolean;
  readonly managesSchedules: boolean;
}

const READ_WRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];

/**
 * What each trigger may do, matched to what its workflows call. Only inbound mail deletes
 * (`delete my data`, releasing a duplicate-delivery claim) and reads raw messages; inbound mail
 * and the digest keep schedules in line (reminders, the weekly digest); a reminder only sends.
 */
const SPECS: Record<HandlerName, FunctionSpec> = {
  'inbound-email': {
    description: 'Rapport: logs a forwarded invitation or applies a reply (SES receipt rule)',
    timeout: Duration.seconds(60),
    memorySize: 512,
    tableActions: [...READ_WRITE, 'dynamodb:DeleteItem'],
    readsRawMail: true,
    managesSchedules: true,
  },
  reminder: {
    description: 'Rapport: sends a prep brief, thank-you draft or nudge (one-time schedule)',
    timeout: Duration.seconds(30),
    memorySize: 256,
    tableActions: READ_WRITE,
    readsRawMail: false,
    managesSchedules: false,
  },
  'weekly-digest': {
    description: "Rapport: sends a user's weekly digest (recurring schedule)",
    timeout: Duration.seconds(60),
    memorySize: 256,
    tableActions: READ_WRITE,
    readsRawMail: false,
    managesSchedules: true,
  },
};

/**
 * The three Lambda functions, each with its own role holding only what its trigger needs, its
 * own log group, and a shared queue that receives every asynchronous invocation that still fails
 * after Lambda's retries (SES and Scheduler both invoke asynchronously).
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export class Functions extends Construct {
  readonly byHandler: Record<HandlerName, nodejs.NodejsFunction>;
  readonly failureQueue: sqs.Queue;

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

    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: props.table.tableName,
      RAW_MAIL_BUCKET: props.rawMailBucket.bucketName,
      RAW_MAIL_PREFIX: props.rawMailPrefix,
      MAIL_DOMAIN: props.domain,
      ALLOWED_SENDERS: props.allowedSenders.join(','),
      SCHEDULE_GROUP_NAME: props.scheduleGroupName,
      SCHEDULER_ROLE_ARN: props.schedulerRole.roleArn,
      SCHEDULE_DLQ_ARN: props.scheduleDeadLetterQueueArn,
      REMINDER_FUNCTION_ARN: functionArn(stack, 'reminder'),
      DIGEST_FUNCTION_ARN: functionArn(stack, 'weekly-digest'),
      TOKEN_SECRET_ARN: props.tokenSecret.secretArn,
      SES_CONFIGURATION_SET: props.sesConfigurationSetName,
    };

    const build = (handler: HandlerName): nodejs.NodejsFunction => {
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

      role.addToPolicy(
        new iam.PolicyStatement({
          actions: [...spec.tableActions],
          resources: [props.table.tableArn, `${props.table.tableArn}/index/${GSI1.indexName}`],
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
      if (spec.readsRawMail) {
        role.addToPolicy(
          new iam.PolicyStatement({
            actions: ['s3:GetObject'],
            resources: [props.rawMailBucket.arnForObjects(`${props.rawMailPrefix}*`)],
          }),
        );
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.rawMailBucket.node.defaultChild as never)}.Arn>/${props.rawMailPrefix}*]`,
          reason: 'Object keys are SES message ids, unknown in advance; access is limited to the inbound/ prefix and to reading.',
        });
      }
      if (spec.managesSchedules) {
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
      }

      return new nodejs.NodejsFunction(this, handler, {
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
        environment,
        onFailure: new destinations.SqsDestination(this.failureQueue),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
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
    };

    this.byHandler = {
      'inbound-email': build('inbound-email'),
      reminder: build('reminder'),
      'weekly-digest': build('weekly-digest'),
    };
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BUNDLE_LIMIT_BYTES, formatBundleReports, reportBundles } from '../../infra/bundle-report';
import { bundledFunctions } from '../../infra/rapport-app';
import { createRapportApp } from '../../infra/rapport-app';
import { cdkJsonContext, cfnLint, PROJECT_ROOT, synthesize, type Synthesized } from './synth-once';

/** A synthesized template is untyped JSON that the tests index freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const DOMAIN = 'mail.rapport.test';
/** What functions/handlers/inbound-email.ts reads (readEnv, its own schema): nothing else reaches the MIME parser. */
const READER_ENV_VARS = ['RAW_MAIL_BUCKET', 'RAW_MAIL_PREFIX', 'INBOUND_QUEUE_URL'];
/** What functions/handlers/env.ts reads, plus the schedule DLQ for the scheduler adapter. */
const WORKFLOW_ENV_VARS = [
  'SEND_QUEUE_URL',
  'RAW_MAIL_BUCKET',
  'RAW_MAIL_PREFIX',
  'TABLE_NAME',
  'MAIL_DOMAIN',
  'ALLOWED_SENDERS',
  'SCHEDULE_GROUP_NAME',
  'SCHEDULER_ROLE_ARN',
  'SCHEDULE_DLQ_ARN',
  'REMINDER_FUNCTION_ARN',
  'DIGEST_FUNCTION_ARN',
  'TOKEN_KEY_PARAMETER',
  'SES_CONFIGURATION_SET',
  'OPERATOR_EMAIL',
];
/** What every function's logger reads (infra/constructs/observability.ts): service, level, stage. */
const LOG_ENV_VARS = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', 'RAPPORT_STAGE'];
const HANDLERS = ['inbound-email', 'process-inbound', 'reminder', 'weekly-digest', 'mail-feedback', 'send-mail', 'unsubscribe'];

let synth: Synthesized;
let template: Template;

beforeAll(() => {
  synth = synthesize({
    domain: DOMAIN,
    allowedSenders: 'Me@Example.org, @example.net',
    alarmEmail: 'ops@example.org',
    operatorEmail: 'help@example.org',
    sesSendRate: '5',
  });
  template = Template.fromJSON(synth.template);
  console.info(`Synthesized the Rapport stack (4 bundles, cdk-nag) in ${synth.millis} ms`);
});

afterAll(() => {
  if (synth) fs.rmSync(synth.outdir, { recursive: true, force: true });
});

function logicalIdOf(type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

function policyStatementsOf(roleLogicalId: string): Array<Record<string, unknown>> {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties as { PolicyDocument: { Statement: Array<Record<string, unknown>> } }).PolicyDocument.Statement,
  );
}

function functionOf(name: string): { logicalId: string; props: Record<string, Json> } {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `Rapport-${name}` } }));
  expect(found).toHaveLength(1);
  const [logicalId, resource] = found[0] as [string, { Properties: Record<string, Json> }];
  return { logicalId, props: resource.Properties };
}

function roleOf(name: string): string {
  return (functionOf(name).props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}

function actionsOf(statements: Array<Record<string, unknown>>): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[]))].sort();
}

/** Logical ids of the queues a role may send to (statements may be merged by minimizePolicies). */
function queuesSentToBy(roleLogicalId: string): string[] {
  return policyStatementsOf(roleLogicalId)
    .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('sqs:SendMessage'))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]) as Array<{ 'Fn::GetAtt': [string, string] }>)
    .map((r) => r['Fn::GetAtt'][0])
    .sort();
}

function functionArnPattern(name: string): Record<string, unknown> {
  return {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:function:Rapport-${name}`],
    ],
  };
}

describe('inbound mail', () => {
  it('stores each message in S3 under inbound/ and then invokes inbound-email, scanning and requiring TLS', () => {
    const inboundFn = logicalIdOf('AWS::Lambda::Function', { FunctionName: 'Rapport-inbound-email' });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Recipients: [DOMAIN],
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: { Ref: Match.stringLikeRegexp('RawMail') }, ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [inboundFn, 'Arn'] }, InvocationType: 'Event' } },
        ],
      },
    });
  });

  it('activates the rule set with a custom resource and deactivates receiving on delete', () => {
    const activation = template.findResources('Custom::SesActiveReceiptRuleSet');
    const [resource] = Object.values(activation);
    expect(resource).toBeDefined();
    const props = resource?.Properties as Record<string, string>;
    expect(JSON.parse(props.Create as string)).toMatchObject({
      service: 'SES',
      action: 'SetActiveReceiptRuleSet',
      parameters: { RuleSetName: 'Rapport-inbound' },
    });
    expect(JSON.parse(props.Delete as string)).toEqual({ service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} });
    expect(resource?.DependsOn).toEqual(expect.arrayContaining([logicalIdOf('AWS::SES::ReceiptRule')]));
  });

  it('lets only this receipt rule of this account write to the bucket and invoke the function', () => {
    const fromRule = {
      'aws:SourceAccount': { Ref: 'AWS::AccountId' },
      'aws:SourceArn': Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':receipt-rule-set/Rapport-inbound:receipt-rule/')])],
      }),
    };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Condition: { StringEquals: fromRule } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: fromRule['aws:SourceArn'],
    });
  });

  it('keeps raw mail private, encrypted, TLS-only, logged and expiring after the retention period', () => {
    const bucket = logicalIdOf('AWS::S3::Bucket', { LoggingConfiguration: Match.anyValue() });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 30, Status: 'Enabled' })],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'raw-mail/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResource('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() }, DeletionPolicy: 'Retain' });
  });
});

describe('data', () => {
  it('is one on-demand table with PK/SK, GSI1, TTL on expiresAt, point-in-time recovery, and survives tear-down', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('keeps the reply-token key in a SecureString the functions create, not a $0.40 secret, and lets them read and create only that one', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    for (const name of ['process-inbound', 'reminder', 'weekly-digest']) {
      expect(functionOf(name).props.Environment.Variables.TOKEN_KEY_PARAMETER).toBe('/Rapport/reply-token-key');
      const grant = policyStatementsOf(roleOf(name)).find((s) => JSON.stringify(s.Action).includes('ssm:'));
      expect(grant?.Action).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
      expect(JSON.stringify(grant?.Resource)).toMatch(/:parameter\/Rapport\/reply-token-key"/);
    }
    for (const name of ['inbound-email', 'mail-feedback']) expect(JSON.stringify(policyStatementsOf(roleOf(name)))).not.toContain('ssm:');
  });
});

describe('functions', () => {
  it.each(HANDLERS)('%s runs on Node.js 24 on arm64 with a source map beside it, not parsed at start, and logs of its own', (name) => {
    const fn = functionOf(name).props;
    expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(fn.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    expect(fn.Timeout).toBeLessThanOrEqual(60);
    expect(fn.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
  });

  it.each(HANDLERS)('%s logs through Powertools as service rapport at INFO, naming its stage, untraced by default', (name) => {
    const fn = functionOf(name).props;
    expect(fn.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'rapport',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      RAPPORT_STAGE: 'default',
    });
    expect(fn.TracingConfig).toBeUndefined();
  });

  it('traces every function with X-Ray when the tracing setting is on, with the grant to send segments', () => {
    // Bundling skipped (`aws:cdk:bundling-stacks`): tracing does not depend on the code.
    const outdir = fs.mkdtempSync(path.join(synth.outdir, 'traced-'));
    try {
      const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], domain: DOMAIN, tracing: 'true', logLevel: 'debug' };
      const traced = Template.fromStack(createRapportApp({ outdir, context }, {}).stack);
      const functions = Object.values(traced.findResources('AWS::Lambda::Function')).filter((fn: Json) =>
        String(fn.Properties.FunctionName).startsWith('Rapport-'),
      );
      expect(functions).toHaveLength(HANDLERS.length);
      for (const fn of functions as Array<{ Properties: Json }>) {
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
        const policy = Object.values(
          traced.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: fn.Properties.Role['Fn::GetAtt'][0] }] } }),
        ) as Array<{ Properties: Json }>;
        const statements = policy.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
        expect(statements).toContainEqual(
          expect.objectContaining({ Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' }),
        );
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('gives inbound-email only the raw-mail location and the inbound queue', () => {
    const variables = functionOf('inbound-email').props.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual([...READER_ENV_VARS, ...LOG_ENV_VARS].sort());
    expect(variables).toMatchObject({
      RAW_MAIL_BUCKET: { Ref: expect.stringMatching(/RawMail/) },
      RAW_MAIL_PREFIX: 'inbound/',
      INBOUND_QUEUE_URL: { Ref: expect.stringMatching(/FunctionsInboundQueue/) },
    });
  });

  it.each(['process-inbound', 'reminder', 'weekly-digest', 'unsubscribe'])(
    'gives %s every variable the workflows read, the raw-mail location among them',
    (name) => {
      const variables = functionOf(name).props.Environment.Variables as Record<string, unknown>;
      // The two that send emails with an unsubscribe link also know where it points.
      const linking = name === 'reminder' || name === 'weekly-digest' ? ['UNSUBSCRIBE_URL'] : [];
      expect(Object.keys(variables).sort()).toEqual([...WORKFLOW_ENV_VARS, ...LOG_ENV_VARS, ...linking].sort());
      expect(variables).toMatchObject({
        MAIL_DOMAIN: DOMAIN,
        ALLOWED_SENDERS: 'me@example.org,example.net',
        SCHEDULE_GROUP_NAME: 'Rapport',
        SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': [expect.stringMatching(/SchedulingDeadLetterQueue/), 'Arn'] },
        REMINDER_FUNCTION_ARN: functionArnPattern('reminder'),
        DIGEST_FUNCTION_ARN: functionArnPattern('weekly-digest'),
        RAW_MAIL_PREFIX: 'inbound/',
      });
    },
  );

  it('sends failed asynchronous invocations of inbound-email, reminder, weekly-digest and mail-feedback to an encrypted, TLS-only queue after two retries', () => {
    // The two failure queues, the schedule DLQ and the send queue (an email may wait out a long SES refusal).
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 }, 4);
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      },
      5,
    );
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (c) => c.Properties as Record<string, Json>,
    );
    expect(configs).toHaveLength(4);
    for (const config of configs) {
      expect(config).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/AsyncFailureQueue/), 'Arn'] } } },
      });
    }
    expect(configs.map((c) => c.FunctionName.Ref).sort()).toEqual(
      ['inbound-email', 'reminder', 'weekly-digest', 'mail-feedback'].map((name) => functionOf(name).logicalId).sort(),
    );
    // Lambda sends the record with the execution role, which needs SendMessage on that queue only.
    for (const name of ['inbound-email', 'reminder', 'weekly-digest', 'mail-feedback']) {
      expect(queuesSentToBy(roleOf(name))).toContainEqual(expect.stringMatching(/FunctionsAsyncFailureQueue/));
    }
    for (const name of ['reminder', 'weekly-digest']) {
      const statements = policyStatementsOf(roleOf(name));
      expect(queuesSentToBy(roleOf(name)).sort()).toEqual([
        expect.stringMatching(/FunctionsAsyncFailureQueue/),
        expect.stringMatching(/FunctionsSendQueue/),
      ]);
      expect(actionsOf(statements).filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    }
  });

  it('keeps each log group for a month', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 8);
  });

  it('lets only inbound-email read raw mail, and only under inbound/', () => {
    const readers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
      JSON.stringify(policy).includes('s3:GetObject'),
    );
    expect(readers.map(([id]) => id)).toEqual([expect.stringMatching(/inboundemailrole/)]);
    expect(JSON.stringify(readers[0]?.[1])).toContain('/inbound/*');
  });

  it('lets inbound-email, which parses untrusted MIME, read raw mail and send to the queues and nothing else', () => {
    const statements = policyStatementsOf(roleOf('inbound-email'));
    expect(actionsOf(statements)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 'sqs:SendMessage']);
    const actions = JSON.stringify(statements);
    for (const service of ['dynamodb:', 'ses:', 'scheduler:', 'secretsmanager:', 'ssm:', 'iam:', 'kms:', 'lambda:']) {
      expect(actions).not.toContain(service);
    }
    expect(queuesSentToBy(roleOf('inbound-email'))).toEqual([
      expect.stringMatching(/FunctionsAsyncFailureQueue/),
      expect.stringMatching(/FunctionsInboundQueue/),
    ]);
    const rawMailRead = statements.find((s) => s.Action === 's3:GetObject');
    expect(JSON.stringify(rawMailRead?.Resource)).toContain('/inbound/*');
  });

  it('lets process-inbound run the workflows, consume the inbound queue and delete raw mail under inbound/, but not read it', () => {
    const statements = policyStatementsOf(roleOf('process-inbound'));
    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining([
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
        'ses:SendEmail',
        'ses:SendRawEmail',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:ReceiveMessage',
        'ssm:GetParameter',
        'ssm:PutParameter',
      ]),
    );
    expect(actionsOf(statements).filter((a) => a.startsWith('s3:'))).toEqual(['s3:DeleteObject']);
    expect(JSON.stringify(statements.find((s) => s.Action === 's3:DeleteObject')?.Resource)).toContain('/inbound/*');
    for (const name of ['reminder', 'weekly-digest']) expect(JSON.stringify(policyStatementsOf(roleOf(name)))).not.toContain('s3:');
    const consume = statements.find((s) => JSON.stringify(s.Action).includes('sqs:ReceiveMessage'));
    expect(consume?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/FunctionsInboundQueue/), 'Arn'] });
  });

  it('lets every workflow function release its send lease (DeleteItem), and neither inbound-email nor mail-feedback', () => {
    for (const name of ['process-inbound', 'reminder', 'weekly-digest']) {
      expect(actionsOf(policyStatementsOf(roleOf(name)))).toContain('dynamodb:DeleteItem');
    }
    for (const name of ['inbound-email', 'mail-feedback']) {
      expect(actionsOf(policyStatementsOf(roleOf(name)))).not.toContain('dynamodb:DeleteItem');
    }
  });

  it('feeds process-inbound from the inbound queue in batches, retrying only the records that failed', () => {
    const { logicalId, props } = functionOf('process-inbound');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionsInboundQueue'), 'Arn'] },
      BatchSize: 5,
      // Mail from outside can use at most five concurrent executions, never the account's whole pool.
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    const queue = Object.fromEntries(
      Object.entries(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } })).filter(([id]) =>
        id.includes('Inbound'),
      ),
    );
    const [queueId, queueResource] = Object.entries(queue)[0] as [string, { Properties: Record<string, Json> }];
    expect(Object.keys(queue)).toEqual([expect.stringMatching(/FunctionsInboundQueue/)]);
    expect(queueId).not.toMatch(/DeadLetter/);
    expect(queueResource.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/FunctionsInboundDeadLetterQueue/), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    // AWS guidance: at least six times the function timeout.
    expect(queueResource.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (props.Timeout as number));
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    // Failures of process-inbound go to the queue's DLQ through SQS, not to an on-failure destination.
    expect(
      Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties?.FunctionName),
    ).not.toContainEqual({ Ref: logicalId });
  });

  it('serves the one-click unsubscribe link from a function URL, and gives its address to the digest and reminder functions only', () => {
    const urls = Object.values(template.findResources('AWS::Lambda::Url'));
    expect(urls).toHaveLength(1);
    const unsubscribe = functionOf('unsubscribe');
    expect(urls[0]!.Properties).toMatchObject({ AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [unsubscribe.logicalId, 'Arn'] } });
    const urlId = Object.keys(template.findResources('AWS::Lambda::Url'))[0]!;
    for (const name of HANDLERS) {
      const variables = functionOf(name).props.Environment.Variables as Record<string, unknown>;
      if (name === 'weekly-digest' || name === 'reminder')
        expect(variables.UNSUBSCRIBE_URL).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [urlId, 'FunctionUrl'] }, 'unsubscribe']] });
      else expect(variables).not.toHaveProperty('UNSUBSCRIBE_URL');
    }
  });

  it('passes exactly the scheduler role, only to EventBridge Scheduler, and only from functions that schedule', () => {
    const schedulerRole = logicalIdOf('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
    const passRoles = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>).filter((s) => s.Action === 'iam:PassRole'),
    );
    expect(passRoles).toHaveLength(3); // process-inbound, weekly-digest, and unsubscribe (which turns the digest's off)
    for (const statement of passRoles) {
      expect(statement).toEqual({
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [schedulerRole, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
    }
  });

  it('names every resource it can: no "*" outside the rule-set activation', () => {
    const wildcards = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Resource: unknown; Action: unknown }>)
        .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
        .map((s) => `${id}: ${JSON.stringify(s.Action)}`),
    );
    expect(wildcards).toEqual([expect.stringMatching(/^MailInboundActivationRole.*"ses:SetActiveReceiptRuleSet"$/)]);
  });

  it('bundles each function under the size budget with no MJML, test code or dev dependencies', () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const reports = reportBundles({
      assemblyDir: synth.assembly.directory,
      template: synth.template as never,
      functions: bundledFunctions(synth.stack),
      devDependencies: Object.keys(packageJson.devDependencies),
    });
    console.info(`Function bundles:\n${formatBundleReports(reports)}`);
    expect(reports.map((r) => r.name)).toEqual(HANDLERS);
    for (const report of reports) {
      expect(report.problems).toEqual([]);
      expect(report.codeBytes).toBeLessThanOrEqual(BUNDLE_LIMIT_BYTES);
    }
  });
});

describe('scheduling', () => {
  it('has a schedule group named after the stack', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'Rapport' });
  });

  it('lets Scheduler assume its role only for this account and group, to invoke exactly the reminder and digest functions', () => {
    const role = logicalIdOf('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':schedule-group/Rapport'])] }),
              },
            },
          },
        ],
      },
    });
    const statements = policyStatementsOf(role);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Action: 'lambda:InvokeFunction',
          Effect: 'Allow',
          Resource: [functionArnPattern('reminder'), functionArnPattern('weekly-digest')],
        },
        {
          Action: 'sqs:SendMessage',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/SchedulingDeadLetterQueue/), 'Arn'] },
        },
      ]),
    );
    expect(statements).toHaveLength(2);
  });
});

describe('the send path', () => {
  it('queues every email on an encrypted, TLS-only send queue that keeps it 14 days, then the dead-letter queue', () => {
    const [queueId, queue] = Object.entries(template.findResources('AWS::SQS::Queue')).find(([id]) => /FunctionsSendQueue/.test(id)) as [
      string,
      { Properties: Record<string, Json> },
    ];
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/FunctionsInboundDeadLetterQueue/), 'Arn'] },
        maxReceiveCount: 200,
      },
    });
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (functionOf('send-mail').props.Timeout as number));
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    for (const name of ['process-inbound', 'reminder', 'weekly-digest']) {
      expect(functionOf(name).props.Environment.Variables).toMatchObject({ SEND_QUEUE_URL: { Ref: queueId } });
      expect(queuesSentToBy(roleOf(name))).toContain(queueId);
    }
    for (const name of ['inbound-email', 'mail-feedback']) expect(queuesSentToBy(roleOf(name))).not.toContain(queueId);
  });

  it('drains it with send-mail: batches of 10, at most 2 at once, partial batch responses, paced at the configured SES rate', () => {
    const { logicalId, props } = functionOf('send-mail');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionsSendQueue'), 'Arn'] },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // 2 invocations, each pacing at 5 / 2 a second: together under the account's 5 a second.
    expect(props.Environment.Variables).toMatchObject({ SES_SEND_RATE: '5', SEND_CONCURRENCY: '2' });
    // A batch of 10 at the lowest rate allowed (1 a second) takes 20 s, within the timeout.
    expect(props.Timeout).toBeGreaterThanOrEqual(20 + 10);
  });

  it('lets send-mail lease, send through the domain identity, delay its own messages and tell the operator: nothing else', () => {
    const statements = policyStatementsOf(roleOf('send-mail'));
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'ses:SendEmail']));
    expect(actions).toContain('sqs:ChangeMessageVisibility');
    expect(actions).toContain('sns:Publish');
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).not.toContain('dynamodb:Query');
    expect(actions.filter((a) => a.startsWith('scheduler:') || a.startsWith('s3:') || a.startsWith('secretsmanager:'))).toEqual([]);
    expect(queuesSentToBy(roleOf('send-mail'))).toEqual([]);
  });
});

describe('alarms and outputs', () => {
  it('alarms by email on the first message in any dead-letter queue', () => {
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
      },
      3,
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionsInboundDeadLetterQueue'), 'QueueName'] } },
      ],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('alarms on the first function error in the account, and again when it clears', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors' } });
    const [alarm] = Object.values(alarms) as Array<{ Properties: Record<string, unknown> }>;
    expect(Object.keys(alarms)).toHaveLength(1);
    expect(alarm?.Properties.Dimensions).toBeUndefined();
    expect(alarm?.Properties).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
      OKActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
  });

  it('lets CloudWatch publish to the alarm topic (its TLS-only policy replaces the default one)', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('alarms on inbound mail held 15 minutes, on Scheduler failing to invoke, and on SES bounce and complaint rates', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 900,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionsInboundQueue'), 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Scheduler',
      MetricName: 'TargetErrorCount',
      Dimensions: [{ Name: 'ScheduleGroup', Value: 'Rapport' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
    });
  });

  it('keeps to ten alarms, all on the alarm topic: the CloudWatch free tier, $1.00 a month beyond it', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Array<{ Properties: Record<string, Json> }>;
    expect(alarms).toHaveLength(10);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
  });

  it('puts the stage in the stack name, so in every name built from it, and in every tag', () => {
    // Bundling skipped (`aws:cdk:bundling-stacks`): names and tags do not depend on the code.
    const outdir = fs.mkdtempSync(path.join(synth.outdir, 'stage-'));
    try {
      const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], domain: DOMAIN, stage: 'staging' };
      const { stack } = createRapportApp({ outdir, context }, {});
      const staged = Template.fromStack(stack);
      expect(stack.stackName).toBe('Rapport-staging');
      staged.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Rapport-staging-process-inbound',
        Tags: Match.arrayWith([{ Key: 'rapport:stage', Value: 'staging' }]),
      });
      staged.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'Rapport-staging' });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('tags every taggable resource with the app and its stage', () => {
    for (const type of ['AWS::Lambda::Function', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::IAM::Role']) {
      for (const resource of Object.values(template.findResources(type)) as Array<{ Properties: Record<string, Json> }>) {
        expect(resource.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'rapport:app', Value: 'rapport' },
            { Key: 'rapport:stage', Value: 'default' },
          ]),
        );
      }
    }
  });

  it('alarms on the first email given up after its retries (Rapport/SendsGivenUp, no dimensions)', () => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'Rapport', MetricName: 'SendsGivenUp' } }),
    ) as Array<{ Properties: Record<string, unknown> }>;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties.Dimensions).toBeUndefined();
    expect(alarms[0]?.Properties).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
  });

  it('alarms when inbound mail is dropped unanswered 20 times within an hour (Rapport/InboundIgnored)', () => {
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'Rapport', MetricName: 'InboundIgnored' } }),
    ) as Array<{ Properties: Record<string, unknown> }>;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 20,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
  });

  it('publishes every bounce and complaint to a topic that invokes mail-feedback', () => {
    const topic = logicalIdOf('AWS::SNS::Topic', { DisplayName: 'Rapport bounces and complaints' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalIdOf('AWS::SES::ConfigurationSet') },
      EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: topic } } },
    });
    // SES may publish only for this account's configuration set.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: Match.anyValue() }),
          }),
        ]),
      },
    });
    const feedback = functionOf('mail-feedback');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [feedback.logicalId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: topic },
      FunctionName: { 'Fn::GetAtt': [feedback.logicalId, 'Arn'] },
    });
  });

  it('lets mail-feedback write suppression items and tell the operator on the alarm topic, and nothing else', () => {
    const feedback = functionOf('mail-feedback');
    expect(Object.keys(feedback.props.Environment.Variables).sort()).toEqual(['ALARM_TOPIC_ARN', 'TABLE_NAME', ...LOG_ENV_VARS].sort());
    expect(feedback.props.Environment.Variables.ALARM_TOPIC_ARN).toEqual({ Ref: expect.stringMatching(/MonitoringAlarmTopic/) });
    const statements = policyStatementsOf(roleOf('mail-feedback'));
    expect(actionsOf(statements).filter((a) => !a.startsWith('logs:'))).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
    const publish = statements.find((s) => s.Action === 'sns:Publish');
    expect(publish?.Resource).toEqual({ Ref: expect.stringMatching(/MonitoringAlarmTopic/) });
    const table = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:PutItem'));
    expect(table?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DataTable/), 'Arn'] });
  });

  it('suppresses bounces and complaints and publishes them to CloudWatch', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        CloudWatchDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: DOMAIN });
  });

  it('tells the user the inbound address, the queues, the table and the DNS records to add', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.InboundAddress?.Value).toBe(`log@${DOMAIN}`);
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'TableName',
        'FunctionFailureQueueName',
        'InboundDeadLetterQueueName',
        'ScheduleDeadLetterQueueName',
        'DnsDkimRecord1',
        'DnsDkimRecord2',
        'DnsDkimRecord3',
      ]),
    );
    expect(JSON.stringify(outputs.DnsMxRecord?.Value)).toContain(`${DOMAIN}. MX 10 inbound-smtp.`);
  });
});

describe('compliance', () => {
  it('synthesized with cdk-nag AwsSolutions reporting no unacknowledged finding', () => {
    // app.synth() throws in a test when a validation plugin fails, so reaching here is the proof;
    // the pack is re-run directly to show that it looked at the stack.
    const report = new AwsSolutionsChecks().validateScope(synth.stack);
    expect(report.violations.filter((v) => v.severity === 'error' || v.severity === 'fatal')).toEqual([]);
  });

  it('would fail synthesis on a finding nobody acknowledged', () => {
    const app = new App({ builtinCloudFormationValidation: false, outdir: fs.mkdtempSync(path.join(synth.outdir, 'nag-')) });
    new secretsmanager.Secret(new Stack(app, 'Unacknowledged'), 'Secret');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
  });

  it('passes cfn-lint', () => {
    const { status, output } = cfnLint(synth.templatePath);
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});

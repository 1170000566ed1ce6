import * as path from 'node:path';
import { ArnFormat, Duration, type Stack } from 'aws-cdk-lib';

/**
 * What each Lambda function is (name, trigger, limits, what it may reach), apart from the
 * construct that builds them (functions.ts), so both stay small enough to read in one sitting.
 */

export const PROJECT_ROOT = path.join(__dirname, '..', '..');
export const HANDLERS_DIR = path.join(PROJECT_ROOT, 'functions', 'handlers');

/**
 * One Lambda per trigger; the key is the handler's file name in `functions/handlers/`. Inbound
 * mail takes two: `inbound-email` parses the untrusted raw message and queues a small record,
 * `process-inbound` consumes the queue and runs the workflows. `mail-feedback` records the
 * addresses SES reports as hard-bounced or complaining. `send-mail` drains the send queue the
 * workflow functions write every email to, at the account's SES rate. `unsubscribe` serves the
 * one-click unsubscribe link of the digest and keep-in-touch emails (its function URL:
 * one-click-unsubscribe.ts).
 */
export const HANDLERS = [
  'inbound-email',
  'process-inbound',
  'reminder',
  'weekly-digest',
  'mail-feedback',
  'send-mail',
  'unsubscribe',
] as const;
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
export function nagArn(stack: Stack, arn: string): string {
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

/** What a function that runs workflows (table, mail, schedules) may do. */
export interface WorkflowAccess {
  readonly tableActions: readonly string[];
  readonly managesSchedules: boolean;
  /** Deletes a user's raw mail (`delete my data`): s3:DeleteObject under the inbound prefix, never a read. */
  readonly deletesRawMail?: boolean;
}

export interface FunctionSpec {
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /**
   * `async`: SES or Scheduler invokes it as an event; Lambda retries and then sends the record to
   * the failure queue. `inbound-queue`: an event source mapping polls the inbound queue; SQS
   * retries and then moves the message to the queue's dead-letter queue. `send-queue`: the same,
   * on the send queue. `function-url`: an HTTPS request, answered at once; nothing retries it but
   * the mail provider that sent it.
   */
  readonly invokedBy: 'async' | 'inbound-queue' | 'send-queue' | 'function-url';
  /** Absent: the function reaches neither the table nor SES, Scheduler or the token secret. */
  readonly workflows?: WorkflowAccess;
  /** Packages its bundle must not hold (checked from the source map after synthesis: infra/bundle-report.ts). */
  readonly mustNotBundle?: readonly string[];
}

export const READ_WRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:DeleteItem'];

/**
 * What each trigger may do, matched to what its workflows call. inbound-email parses untrusted
 * MIME, so it only reads raw mail and queues what it read (granted below, not here). Every
 * workflow function deletes: each takes a send lease before it mails and releases it
 * (DeleteItem) when the send fails for a reason a retry may cure, so that Lambda's retry can send;
 * process-inbound also deletes for `delete my data`. It and the digest keep schedules in line
 * (reminders, the weekly digest); a reminder only sends.
 */
export const SPECS: Record<HandlerName, FunctionSpec> = {
  'inbound-email': {
    description: 'Rapport: reads a received message from S3 and queues it for processing (SES receipt rule)',
    timeout: Duration.seconds(60),
    // Peaks (VmHWM, docs/benchmarks.md "Right-sized functions"): 168 MB reading a 38 MB forward, 191 MB on
    // the worst hostile message; the read budget allows 256 MB, and 384 keeps room above it.
    memorySize: 384,
    invokedBy: 'async',
    // It queues the labelled times of an invitation forwarded as text; process-inbound reads them
    // (inbound/text-invitation-times.ts), so the parser of untrusted mail stays small (issue 14).
    mustNotBundle: ['chrono-node'],
  },
  'process-inbound': {
    description: 'Rapport: logs a forwarded invitation or applies a reply (inbound queue)',
    timeout: Duration.seconds(60),
    // Peak 82 MB on a first forward (cold), 88 MB reading the worst text invitation: 256 is three times that.
    memorySize: 256,
    invokedBy: 'inbound-queue',
    workflows: { tableActions: READ_WRITE, managesSchedules: true, deletesRawMail: true },
  },
  reminder: {
    description: 'Rapport: sends a prep brief, thank-you draft or nudge (one-time schedule)',
    // Its heaviest event is the export: 170 MB at 10,000 interviews and 20,000 contacts (127 MB with a 48 MB
    // heap), and 3.6 s of CPU, which 256 MB's share of a core (about a seventh) stretches to some 25 s.
    timeout: Duration.seconds(60),
    memorySize: 256,
    invokedBy: 'async',
    workflows: { tableActions: READ_WRITE, managesSchedules: false },
  },
  'weekly-digest': {
    description: "Rapport: sends a user's weekly digest (recurring schedule)",
    timeout: Duration.seconds(60),
    // Peak 78 MB for a digest at 10,000 interviews (it reads the due index, not the history).
    memorySize: 192,
    invokedBy: 'async',
    workflows: { tableActions: READ_WRITE, managesSchedules: true },
  },
  // SNS invokes a function asynchronously, so Lambda's retries and the failure queue apply.
  'mail-feedback': {
    description: 'Rapport: stops mailing an address SES reports as bounced or complaining (SNS)',
    timeout: Duration.seconds(30),
    // Peak 61 MB on a bounce.
    memorySize: 128,
    invokedBy: 'async',
  },
  // Sends what the workflows queued; nothing of the workflows is in it (no templates, no parser).
  'send-mail': {
    description: 'Rapport: sends queued emails through SES at the account rate (send queue)',
    timeout: Duration.seconds(60),
    memorySize: 256,
    invokedBy: 'send-queue',
    mustNotBundle: ['handlebars', 'chrono-node', 'postal-mime'],
  },
  // It turns the digest's schedule off on an unsubscribe, and sends the one confirmation.
  unsubscribe: {
    description: 'Rapport: the one-click unsubscribe link of the digest and keep-in-touch emails (function URL)',
    timeout: Duration.seconds(10),
    memorySize: 256,
    invokedBy: 'function-url',
    workflows: { tableActions: READ_WRITE, managesSchedules: true },
  },
};

/** Records per process-inbound invocation; each failed record is reported alone (partial batch response). */
export const INBOUND_BATCH_SIZE = 5;
/**
 * At most this many process-inbound invocations at once (the SQS trigger's maximum concurrency):
 * whoever can mail the domain cannot take the account's concurrency from reminders and digests.
 */
export const INBOUND_MAX_CONCURRENCY = 5;
/** Receives of one inbound message before SQS moves it to the dead-letter queue. */
export const INBOUND_MAX_RECEIVE_COUNT = 5;
/**
 * At least six times the consumer's timeout, so that a message is not handed out again while an
 * invocation (with Lambda's own retries of a throttled batch) may still be working on it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const INBOUND_VISIBILITY_TIMEOUT = Duration.seconds(6 * SPECS['process-inbound'].timeout.toSeconds());

/**
 * Records per send-mail invocation. Paced at {@link SEND_MAX_CONCURRENCY} / rate seconds apart, a
 * batch takes at most 20 s at the lowest rate allowed (1 a second), within the 60 s timeout.
 */
export const SEND_BATCH_SIZE = 10;
/**
 * send-mail invocations at once: 2 is the least an SQS trigger allows. Each paces its sends at the
 * SES rate divided by this, so together they stay under it (functions/workflows/deliver-queued.ts).
 */
export const SEND_MAX_CONCURRENCY = 2;
/**
 * Receives of one queued email before SQS moves it to the send dead-letter queue. Each refused
 * receive holds it longer (30 s doubling to 15 minutes), so this is about two days of SES
 * refusing sends: long enough that throttling or a verification never ends there.
 */
export const SEND_MAX_RECEIVE_COUNT = 200;
/** As the inbound queue's: six times the consumer's timeout. */
export const SEND_VISIBILITY_TIMEOUT = Duration.seconds(6 * SPECS['send-mail'].timeout.toSeconds());

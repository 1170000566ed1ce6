/**
 * `npm run smoke -- --domain rapport.example.org --from you@example.org [--stack Rapport-prod]`:
 * after a deploy, mails a calendar invitation from `--from` (an allowed sender; verified in SES
 * while the account is in the sandbox) to `log@<domain>` through SES, and waits until Rapport has
 * logged it and sent its confirmation (the table records the send with the Message-ID SES gave
 * it). Exit 0 then, 1 after `--timeout` seconds (default 300). docs/deploy.md "The first email".
 * The rehearsal runs the same two steps against its emulator (rehearse/smoke-run.ts).
 */
import { randomUUID } from 'node:crypto';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../functions/adapters/dynamodb/dynamodb-store';
import { keys } from '../functions/adapters/dynamodb/keys';

/** Where the AWS clients go: the account of the shell, or an emulator (`endpoint`). */
export interface SmokeAws {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface SmokeInvitation {
  /** In the event's title, so the wait finds this run's interview and no other. */
  token: string;
  startUtc: Date;
  raw: string;
}

const DAY_MS = 86_400_000;
const ics = (date: Date): string => `${date.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** A 30-minute calendar invitation two weeks ahead, from `from` to `log@<domain>`, titled with a fresh token. */
export function smokeInvitation(domain: string, from: string, now: Date): SmokeInvitation {
  const token = randomUUID().slice(0, 8);
  const startUtc = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + 14 * DAY_MS + 10 * 3_600_000);
  const calendar = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Rapport smoke test//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:smoke-${token}@${domain}`,
    `DTSTAMP:${ics(now)}`,
    `DTSTART:${ics(startUtc)}`,
    `DTEND:${ics(new Date(startUtc.getTime() + 30 * 60_000))}`,
    'ORGANIZER;CN=Smoke Test:mailto:smoke-test@example.com',
    `ATTENDEE;CN=You;PARTSTAT=NEEDS-ACTION:mailto:${from}`,
    `SUMMARY:Rapport smoke test ${token}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const raw = [
    `From: ${from}`,
    `To: log@${domain}`,
    `Subject: Fwd: Invitation: Rapport smoke test ${token}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <smoke-${token}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="smoke"',
    '',
    '--smoke',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'A smoke test of Rapport (npm run smoke).',
    '--smoke',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    '',
    calendar,
    '--smoke--',
    '',
  ].join('\r\n');
  return { token, startUtc, raw };
}

/** Mails the invitation through SES (SESv2 SendEmail, raw). */
export async function sendSmokeInvitation(aws: SmokeAws, invitation: SmokeInvitation): Promise<void> {
  const ses = new SESv2Client(aws);
  try {
    await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(invitation.raw) } } }));
  } finally {
    ses.destroy();
  }
}

/**
 * Whether Rapport logged the invitation and sent its confirmation: the user of `from`, an interview
 * titled with the token, and that interview's confirmation send ended with a Message-ID.
 */
export async function confirmationSent(aws: SmokeAws, tableName: string, from: string, invitation: SmokeInvitation): Promise<boolean> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(aws));
  try {
    const store = new DynamoDbStore({ client, tableName });
    const userId = await store.findUserIdByEmail(from);
    if (!userId) return false;
    const range = {
      fromUtc: new Date(invitation.startUtc.getTime() - DAY_MS).toISOString(),
      toUtc: new Date(invitation.startUtc.getTime() + DAY_MS).toISOString(),
    };
    const interview = (await store.listInterviews(userId, range)).find((i) => i.title?.includes(invitation.token));
    if (!interview) return false;
    const key = keys.sent(userId, `confirmation#${interview.interviewId}#${interview.version}`);
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key }));
    return typeof Item?.messageId === 'string';
  } finally {
    client.destroy();
  }
}

/** Polls {@link confirmationSent} every `everyMs` until it holds or `timeoutMs` passed; the milliseconds it took. */
export async function waitForConfirmation(
  aws: SmokeAws,
  tableName: string,
  from: string,
  invitation: SmokeInvitation,
  timing = { timeoutMs: 300_000, everyMs: 5_000 },
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await confirmationSent(aws, tableName, from, invitation)) return Date.now() - started;
    if (Date.now() - started > timing.timeoutMs) {
      throw new Error(`no confirmation of "Rapport smoke test ${invitation.token}" after ${timing.timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, timing.everyMs));
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const domain = option(args, 'domain');
  const from = option(args, 'from');
  if (!domain || !from) throw new Error('usage: npm run smoke -- --domain DOMAIN --from ALLOWED_SENDER [--stack NAME] [--timeout SECONDS]');
  const stackName = option(args, 'stack') ?? 'Rapport';
  const aws: SmokeAws = {};
  const cloudformation = new CloudFormationClient(aws);
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
  cloudformation.destroy();
  const tableName = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'TableName')?.OutputValue;
  if (!tableName) throw new Error(`stack ${stackName} has no TableName output`);

  const invitation = smokeInvitation(domain, from, new Date());
  await sendSmokeInvitation(aws, invitation);
  process.stdout.write(`Sent "Rapport smoke test ${invitation.token}" from ${from} to log@${domain}; waiting for the confirmation…\n`);
  const waited = await waitForConfirmation(aws, tableName, from, invitation, {
    timeoutMs: Number(option(args, 'timeout') ?? 300) * 1000,
    everyMs: 5_000,
  });
  process.stdout.write(`Confirmed after ${(waited / 1000).toFixed(0)} s: Rapport logged it and sent the confirmation to ${from}.\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

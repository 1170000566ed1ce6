/**
 * `npm run rehearse`: deploys the synthesized stack into the AWS API emulator on this machine
 * (moto server with rehearse/moto_rapport) and runs the deployed bundles end to end, offline:
 * a forwarded invitation arrives as SES would deliver it → inbound-email → the stack's queue →
 * process-inbound → a confirmation through SESv2 and reminder schedules in Scheduler; then the
 * prep-brief schedule's own target is invoked and the prep brief arrives; an invitation forwarded
 * as text goes the same way; a send SES throttles is held on the queue and sent once it clears.
 * Each bundle runs copied out of the repository with only the SDK beside it, with its own role's
 * credentials, IAM enforced. Exit 1 if any step does not happen; `--break NAME` breaks the stack
 * one way it must fail on (rehearse/breaks.ts). What this does not prove: docs/operations.md.
 */
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetScheduleCommand, type GetScheduleCommandOutput, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { deploy, type Deployed } from './deploy';
import { enforceIam, startEmulator, type AwsClientConfig } from './emulator';
import { DeployedFunctions, runtimeModules } from './lambda';
import { forwardedInvitation, headersFromUser, textForwardedInvitation, USER, type SentEmail } from './mail';
import { deliveredEmails, describeSendQueue } from './send-queue';
import type { MotoServer } from '../test/support/moto-server';
import { rehearseBounce } from './bounce';
import { check, say } from './output';
import { BREAKS, type Break, type BreakName, isBreakName } from './breaks';
import { FaultProxy } from './fault-proxy';
import { DOMAIN, drainInboundQueue, receiveMail, STACK_NAME, STAGE } from './inbound';
import { assemblyDir, copyAssembly, synthesize } from './synth';
import { rehearseThrottledSend } from './throttled-send';
import { rehearseSmoke } from './smoke-run';
import { rehearseAlarms } from './alarms';

export interface Context {
  server: MotoServer;
  faults: FaultProxy;
  config: AwsClientConfig;
  deployed: Deployed;
  functions: DeployedFunctions;
}

/** Resource types whose names the stack builds from its own name (`Rapport-<stage>-…`). */
const NAMED_BY_STACK = ['AWS::Lambda::Function', 'AWS::Scheduler::ScheduleGroup', 'AWS::SES::ReceiptRuleSet'];

function printDeployed(deployed: Deployed): void {
  const byType = new Map<string, number>();
  for (const r of deployed.resources) byType.set(r.ResourceType ?? '?', (byType.get(r.ResourceType ?? '?') ?? 0) + 1);
  say(`Deployed stack ${STACK_NAME}: ${deployed.resources.length} resources, all CREATE_COMPLETE`);
  for (const [type, count] of [...byType].sort()) say(`  ${String(count).padStart(2)} × ${type}`);
  const named = deployed.resources.filter((r) => NAMED_BY_STACK.includes(r.ResourceType ?? ''));
  check(
    named.length > 0 && named.every((r) => r.PhysicalResourceId?.startsWith(`${STACK_NAME}`)),
    `the ${named.length} resources named after the stack carry its stage: ${named.map((r) => r.PhysicalResourceId).join(', ')}`,
  );
  say('Outputs:');
  for (const [key, value] of Object.entries(deployed.outputs)) say(`  ${key} = ${value}`);
}

/**
 * A record process-inbound cannot read: reported back alone for SQS to retry, and logged with a
 * stack that names our TypeScript (mapped from the bundle's index.js.map when logged, since the
 * function does not start with --enable-source-maps).
 */
async function rehearseFailedRecord(ctx: Context): Promise<void> {
  const processInbound = await ctx.functions.get(`${STACK_NAME}-process-inbound`);
  const event = { Records: [{ messageId: 'rehearsal-unreadable', body: 'not json' }] };
  const { result, log } = await ctx.functions.invoke(processInbound, event);
  const failures = (result as { batchItemFailures?: { itemIdentifier: string }[] }).batchItemFailures ?? [];
  check(
    failures.length === 1 && failures[0]?.itemIdentifier === 'rehearsal-unreadable',
    `${processInbound.name} reported the unreadable record alone for SQS to retry`,
  );
  const logged = log
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { message?: string; error?: string })
    .find((line) => line.message === 'inbound processing failed');
  check(
    logged?.level === 'ERROR' && logged.service === 'rapport' && logged.stage === STAGE && logged.cold_start === true,
    `logged by Powertools: level ${String(logged?.level)}, service ${String(logged?.service)}, stage ${String(logged?.stage)}, cold start, request ${String(logged?.function_request_id)}`,
  );
  const frames = (logged?.error ?? '').split('\n').filter((line) => line.includes('functions/'));
  check(
    frames.some((line) => line.includes('functions/handlers/process-inbound.ts:')),
    'its logged stack names the TypeScript sources:',
  );
  for (const frame of frames.slice(0, 3)) say(`    ${frame.trim()}`);
}

/** CloudFormation cannot create a SecureString: the first function that signed a token created the key. */
async function checkTokenKeyCreated(ctx: Context): Promise<void> {
  const ssm = new SSMClient(ctx.config);
  try {
    const name = `/${STACK_NAME}/reply-token-key`;
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
    check(
      Parameter?.Type === 'SecureString',
      `the reply-token key was created on first use, with the function's own grant: ${name} (${Parameter?.Type})`,
    );
  } finally {
    ssm.destroy();
  }
}

/** Every schedule the functions created in the stack's group, as Scheduler holds them. */
async function schedules(ctx: Context, groupName: string): Promise<GetScheduleCommandOutput[]> {
  const scheduler = new SchedulerClient(ctx.config);
  try {
    const { Schedules = [] } = await scheduler.send(new ListSchedulesCommand({ GroupName: groupName }));
    return Promise.all(Schedules.map((s) => scheduler.send(new GetScheduleCommand({ GroupName: groupName, Name: s.Name }))));
  } finally {
    scheduler.destroy();
  }
}

function printEmail(email: SentEmail): void {
  say(`  → to ${email.to}: "${email.subject}"`);
  for (const line of email.text
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 4))
    say(`      ${line.trim().slice(0, 100)}`);
}

/**
 * An invitation forwarded as text only: inbound-email queues its labelled time unread, the
 * deployed process-inbound reads it and confirms, showing the time in the user's zone.
 */
async function rehearseTextInvitation(ctx: Context, now: Date): Promise<void> {
  say('\nSES receives an invitation forwarded as text (no calendar part):');
  const before = (await deliveredEmails(ctx)).length;
  const messageId = `rehearsaltext${now.getTime()}`;
  const { raw, startUtc, when } = textForwardedInvitation(DOMAIN, now, messageId);
  await receiveMail(ctx, now, { messageId, raw, says: `an Outlook invitation as text only ("When: ${when}")` });
  const [record] = (await drainInboundQueue(ctx)) as { invitation?: { found?: string; documents?: { when?: string[] }[] } }[];
  check(
    record?.invitation?.found === 'text-invitation',
    'inbound-email queued the labelled time unread (invitation.found "text-invitation")',
  );
  const [confirmation, ...more] = (await deliveredEmails(ctx)).slice(before);
  check(
    confirmation && more.length === 0 && /^Logged:/.test(confirmation.subject),
    `process-inbound confirmed it: "${confirmation?.subject}"`,
  );
  // The confirmation names the user's zone; the time shown must be 11:00 Berlin in that zone.
  const zone = /\((UTC|[A-Za-z_]+(?:\/[A-Za-z_+-]+)+)\)/.exec(confirmation.text)?.[1] ?? '';
  const local = startUtc.toLocaleTimeString('en-GB', { timeZone: zone || 'UTC', hour: '2-digit', minute: '2-digit' });
  check(zone && confirmation.text.includes(local), `it shows the start at ${local} ${zone} (11:00 Europe/Berlin)`);
  printEmail(confirmation);
}

/**
 * The user mails export@: process-inbound asks for it as a one-time schedule due now, and the
 * reminder function, fired with that schedule's input, sends the four files (its export writers
 * load with the first export, not at its cold start).
 */
async function rehearseExport(ctx: Context, now: Date, group: string): Promise<void> {
  say('\nThe user asks for an export:');
  const before = (await deliveredEmails(ctx)).length;
  const messageId = `rehearsalexport${now.getTime()}`;
  const to = `export@${DOMAIN}`;
  const raw = [...headersFromUser(to, 'export', now, messageId), '', 'export', ''].join('\r\n');
  await receiveMail(ctx, now, { messageId, raw, says: 'a message', to });
  await drainInboundQueue(ctx);
  const asked = (await schedules(ctx, group)).find((s) => s.Name?.endsWith('-export'));
  check(
    asked?.Target?.Input && asked.Target.Arn,
    `a one-time schedule asks for it (${asked?.Name} → ${asked?.Target?.Arn?.split(':').pop()})`,
  );
  const { result } = await ctx.functions.invoke(await ctx.functions.get(asked.Target.Arn), JSON.parse(asked.Target.Input) as unknown);
  check(result === 'sent', `fired with its own input, it answered "${String(result)}"`);
  const [email, ...more] = (await deliveredEmails(ctx)).slice(before);
  const files = ['interviews.csv', 'contacts.csv', 'contacts.vcf', 'interviews.ics'];
  check(
    email && more.length === 0 && files.every((f) => email.attachments.includes(f)),
    `the export arrived with ${email?.attachments.join(', ')}`,
  );
  printEmail(email);
}

async function rehearse(ctx: Context): Promise<void> {
  const now = new Date();
  say('\nSES receives a forwarded invitation:');
  const messageId = `rehearsal${now.getTime()}`;
  const { raw, startsOn } = forwardedInvitation(DOMAIN, now, messageId);
  await receiveMail(ctx, now, { messageId, raw, says: `a coffee chat on ${startsOn} 15:00 Europe/Berlin` });
  await drainInboundQueue(ctx);
  await describeSendQueue(ctx);

  say('\nAn unreadable record on the inbound queue:');
  await rehearseFailedRecord(ctx);

  say('\nWhat arrived:');
  const afterInbound = await deliveredEmails(ctx);
  check(
    afterInbound.length === 1 && afterInbound[0]?.to === USER.address,
    `one confirmation queued, then sent through SESv2 by send-mail to ${USER.address}`,
  );
  printEmail(afterInbound[0]!);
  await checkTokenKeyCreated(ctx);

  const reminder = await ctx.functions.get(`${STACK_NAME}-reminder`);
  const group = reminder.environment.SCHEDULE_GROUP_NAME ?? '';
  const created = await schedules(ctx, group);
  say(`  schedules in group ${group}:`);
  for (const s of created)
    say(`    ${s.Name}  ${s.ScheduleExpression} ${s.ScheduleExpressionTimezone ?? ''}  → ${s.Target?.Arn?.split(':').pop()}`);
  const prep = created.find((s) => s.Name?.endsWith('-prep'));
  check(prep?.Target?.Input, 'a prep-brief schedule with its target input');
  check(prep.Target?.Arn === reminder.arn, `it targets the deployed reminder function (${reminder.name})`);
  check(
    prep.Target?.DeadLetterConfig?.Arn === ctx.deployed.outputs.ScheduleDeadLetterQueueArn,
    "it falls back to the stack's schedule dead-letter queue",
  );
  check(
    created.some((s) => s.Name?.endsWith('-thanks')),
    'a thank-you schedule',
  );
  const digest = created.find((s) => s.Name?.endsWith('-digest'));
  check(
    digest?.FlexibleTimeWindow?.Mode === 'FLEXIBLE',
    `the weekly digest fires within ${digest?.FlexibleTimeWindow?.MaximumWindowInMinutes} minutes after its time, spread by Scheduler`,
  );

  say(`\nScheduler fires ${prep.Name} (${prep.ScheduleExpression}) with its own input:`);
  const { result } = await ctx.functions.invoke(await ctx.functions.get(prep.Target.Arn!), JSON.parse(prep.Target.Input) as unknown);
  check(result === 'sent', `${reminder.name} answered "${String(result)}"`);
  const prepBriefs = (await deliveredEmails(ctx)).slice(afterInbound.length);
  check(prepBriefs.length === 1 && /prep brief/i.test(prepBriefs[0]?.subject ?? ''), `the prep brief arrived at ${USER.address}`);
  printEmail(prepBriefs[0]!);

  await rehearseTextInvitation(ctx, now);
  await rehearseExport(ctx, now, group);
  await rehearseThrottledSend(ctx, now);
  await rehearseSmoke(ctx, now);

  const thanks = created.find((s) => s.Name?.endsWith('-thanks'));
  check(thanks?.Target?.Input && thanks.Target.Arn, 'the thank-you schedule has its target');
  await rehearseBounce(ctx, { Name: thanks.Name ?? '', Arn: thanks.Target.Arn, Input: thanks.Target.Input });
  await rehearseAlarms(ctx);
}

/** The execution role of every deployed function, as Lambda holds them. */
async function executionRoles(config: AwsClientConfig): Promise<string[]> {
  const lambda = new LambdaClient(config);
  try {
    const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
    return [...new Set(Functions.map((fn) => fn.Role ?? ''))];
  } finally {
    lambda.destroy();
  }
}

/** `--break NAME` (rehearse/breaks.ts), or none: the stack as it is. */
function chosenBreak(args: string[]): BreakName | undefined {
  const at = args.indexOf('--break');
  if (at < 0) return undefined;
  const name = args[at + 1] ?? '';
  if (!isBreakName(name)) throw new Error(`--break takes one of: ${Object.keys(BREAKS).join(', ')}`);
  return name;
}

/** `--assembly FOLDER`: an assembly already synthesized (rehearse/synth.ts), copied rather than synthesized again. */
function givenAssembly(args: string[]): string | undefined {
  const at = args.indexOf('--assembly');
  return at < 0 ? undefined : args[at + 1];
}

/** Under `--break`, the run must fail and its failure must name the cause: say whether it did. */
function reportBroken(name: BreakName, failure: string): void {
  const { expectedCause } = BREAKS[name];
  const cause = failure.split('\n').find((line) => expectedCause.test(line));
  say(
    cause
      ? `\nRehearsal failed under --break ${name}, naming the cause:\n  ${cause.trim()}`
      : `\nRehearsal failed under --break ${name}, but not naming ${expectedCause}`,
  );
}

async function main(args: string[]): Promise<number> {
  const started = Date.now();
  const broken = chosenBreak(args);
  const directory = assemblyDir(broken && `break-${broken}`);
  const given = givenAssembly(args);
  say(given ? `Copying the stack synthesized in ${given}…` : `Synthesizing the stack (domain ${DOMAIN}, offline)…`);
  const assembly = given ? copyAssembly(given, directory) : synthesize(directory);
  if (broken) {
    say(`Breaking it (--break ${broken}): ${BREAKS[broken].does}`);
    (BREAKS[broken] as Break).alterAssembly?.(assembly);
  }
  const { server, config } = await startEmulator();
  const faults = await FaultProxy.start(server.endpoint);
  faults.set((BREAKS[broken as BreakName] as Break | undefined)?.faults ?? []);
  say(`AWS API emulator: moto server with rehearse/moto_rapport at ${server.endpoint}`);
  let functions: DeployedFunctions | undefined;
  try {
    const deployed = await deploy(assembly, config);
    printDeployed(deployed);
    const { admin, roleCredentials } = await enforceIam(config, await executionRoles(config));
    say(
      `IAM enforced from here on: each function calls AWS with its own role's credentials (${roleCredentials.size} roles assumed through STS)`,
    );
    const runtime = await runtimeModules();
    say(
      `Bundles run outside the repository with the Lambda runtime's AWS SDK only: @aws-sdk ${runtime.sdkVersion} (rehearse/lambda-runtime)`,
    );
    functions = new DeployedFunctions(assembly, deployed, admin, roleCredentials, faults.endpoint, runtime.nodePath);
    await rehearse({ server, faults, config: admin, deployed, functions });
    say(`\nRehearsal passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } catch (error) {
    const failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`\n${failure}\n`);
    if (broken) reportBroken(broken, failure);
    return 1;
  } finally {
    functions?.close();
    await faults.stop();
    await server.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

import type { TickResult } from '../web';
import { callInstance, findInstance } from './instance';

const RELATIVE = /^\+(\d+)([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** An ISO time, or `+90m`, `+3h`, `+2d`, `+1w` from the instance's clock. */
export function resolveUntil(value: string, now: Date): Date | undefined {
  const relative = RELATIVE.exec(value);
  if (relative) return new Date(now.getTime() + Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `rapport tick --until TIME`: moves the running instance's clock and prints what fired, in order. */
export async function run(args: string[]): Promise<number> {
  const value = args.includes('--until') ? args[args.indexOf('--until') + 1] : undefined;
  if (!value) {
    process.stderr.write('usage: rapport tick --until TIME   (ISO time, or +90m, +3h, +2d, +1w)\n');
    return 2;
  }
  const instance = findInstance();
  const status = await callInstance<{ now: string }>(instance, 'GET', '/api/status');
  const until = resolveUntil(value, new Date(status.now));
  if (!until) {
    process.stderr.write(`rapport tick: "${value}" is not an ISO time or +N[m|h|d|w]\n`);
    return 2;
  }
  const result = await callInstance<TickResult>(instance, 'POST', '/api/tick', { until: until.toISOString() });
  for (const f of result.fired) process.stdout.write(`${f.atUtc}  ${f.name}  ${f.outcome}\n`);
  process.stdout.write(`clock now ${result.now} (${result.fired.length} fired)\n`);
  if (result.stoppedEarly) process.stdout.write(`${result.stoppedEarly}\n`);
  return 0;
}

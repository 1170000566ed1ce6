import type { Logger } from '../ports';

/** One JSON object per line: what CloudWatch Logs Insights queries, and readable in a terminal. */
export function jsonLogger(base: Record<string, unknown> = {}, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ level, message, ...base, ...fields, time: new Date().toISOString() }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

import type { Logger } from '../ports';
import { readableStack } from './stack-trace';

/**
 * One JSON object per line: what CloudWatch Logs Insights queries, and readable in a terminal.
 * A field holding an Error is logged as its stack, mapped to the TypeScript sources in a bundle.
 */
export function jsonLogger(
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ level, message, ...base, ...(fields && withReadableErrors(fields)), time: new Date().toISOString() }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** The fields with each Error replaced by its stack, mapped to the TypeScript sources (any logger's fields). */
export function withReadableErrors(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, value instanceof Error ? readableStack(value) : value]));
}

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { withReadableErrors } from '../../commons/json-logger';
import { once } from '../../commons/once';
import type { Logger } from '../../ports';

/**
 * The Logger port in Lambda, written by Powertools for AWS Lambda (TypeScript): one JSON line per
 * call with `level`, `message`, `timestamp`, `service` (POWERTOOLS_SERVICE_NAME), the stage, and,
 * once a handler has added the invocation's context, `function_request_id`, `cold_start`,
 * `function_name` and `xray_trace_id`. Lines below POWERTOOLS_LOG_LEVEL (or LOG_LEVEL, or the
 * function's log level in Lambda) are not written. The workflows see only the port.
 * docs/operations.md "Logs".
 */
export const powertools = once(
  () =>
    new PowertoolsLogger({
      // The stack sets POWERTOOLS_SERVICE_NAME (infra/constructs/observability.ts); a function run
      // without it (a test, a script) still names the service rather than Powertools' placeholder.
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rapport',
      persistentKeys: { stage: process.env.RAPPORT_STAGE ?? 'default' },
    }),
);

/**
 * The port over the container's Powertools logger, with `fields` (e.g. the function's name) on
 * every line. A field holding an Error is logged as its stack mapped to the TypeScript sources
 * (Powertools would log the bundle's minified frames).
 */
export function powertoolsLogger(fields: Record<string, unknown> = {}, logger: PowertoolsLogger = powertools()): Logger {
  const extra = (more?: Record<string, unknown>) => ({ ...fields, ...(more && withReadableErrors(more)) });
  return {
    info: (message, more) => logger.info(message, extra(more)),
    warn: (message, more) => logger.warn(message, extra(more)),
    error: (message, more) => logger.error(message, extra(more)),
  };
}

/**
 * A handler whose log lines carry the invocation's request id and whether it was a cold start:
 * the context Lambda passes is added to the container's logger before the handler runs. (Called
 * without a context, as the tests call handlers, the lines carry neither.)
 */
export function withLogContext<Event, Result>(
  handle: (event: Event) => Promise<Result>,
): (event: Event, context?: Context) => Promise<Result> {
  return (event, context) => {
    if (context) powertools().addContext(context);
    return handle(event);
  };
}

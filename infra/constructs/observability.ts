import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { RapportConfig } from '../config';

/** The `service` of every log line (Powertools Logger reads POWERTOOLS_SERVICE_NAME). */
export const LOG_SERVICE_NAME = 'rapport';

/**
 * What every function's logs and traces carry, set on functions already built (so the functions
 * construct stays about triggers and grants): Powertools Logger's service name and level, the
 * stage each log line names, and, with the `tracing` setting, X-Ray active tracing with the
 * grant it needs. docs/operations.md "Logs" and "Tracing".
 */
export function observeFunctions(
  functions: readonly lambda.Function[],
  settings: Pick<RapportConfig, 'tracing' | 'logLevel' | 'stage'>,
): void {
  for (const fn of functions) {
    fn.addEnvironment('POWERTOOLS_SERVICE_NAME', LOG_SERVICE_NAME);
    fn.addEnvironment('POWERTOOLS_LOG_LEVEL', settings.logLevel);
    fn.addEnvironment('RAPPORT_STAGE', settings.stage ?? 'default');
    if (settings.tracing) traceActively(fn);
  }
}

/**
 * Lambda records each invocation (init, invoke, overhead) as an X-Ray segment and passes the trace
 * id in `_X_AMZN_TRACE_ID`, which Powertools Logger logs as `xray_trace_id`. The execution role
 * must be allowed to send segments (the managed policy AWSXRayDaemonWriteAccess holds the same
 * two actions). https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
 */
function traceActively(fn: lambda.Function): void {
  (fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: 'Active' };
  const role = fn.role;
  if (!role) throw new Error(`${fn.node.path} has no execution role to grant X-Ray to`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments and PutTelemetryRecords take no resource (they accept only "*").',
  });
}

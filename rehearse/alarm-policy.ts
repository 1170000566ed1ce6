/**
 * Whether a topic's resource policy lets CloudWatch publish an alarm to it, judged as SNS would:
 * an explicit Deny that matches wins, otherwise an Allow must match. Enough of IAM's policy
 * grammar for the policies a stack gives its topics (Principal Service, Action, Resource,
 * StringEquals, ArnLike, Bool); a condition operator it does not know fails closed, naming it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { Service?: string | string[]; AWS?: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A request as CloudWatch makes it: its service principal, over TLS, on behalf of the alarm's account. */
export interface PublishRequest {
  topicArn: string;
  account: string;
  alarmArn: string;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const wildcard = (pattern: string, flags: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );
/** Actions match whatever their case (`SNS:Publish`); resources and condition values exactly. */
const matches = (patterns: string[], value: string, flags = '') => patterns.some((pattern) => wildcard(pattern, flags).test(value));

function principalMatches(principal: Statement['Principal']): boolean {
  if (principal === '*') return true;
  return list(principal?.Service).includes('cloudwatch.amazonaws.com') || list(principal?.AWS).includes('*');
}

/** The request's context keys (lower case: key names match whatever their case), as SNS sees a publish from CloudWatch. */
function contextOf(request: PublishRequest): Record<string, string> {
  return {
    'aws:sourceaccount': request.account,
    'aws:sourceowner': request.account,
    'aws:sourcearn': request.alarmArn,
    'aws:securetransport': 'true',
  };
}

function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, tests] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(tests)) {
      const actual = context[key.toLowerCase()];
      const wanted = list(expected).map(String);
      if (operator === 'StringEquals' || operator === 'Bool') {
        if (actual === undefined || !wanted.includes(actual)) return false;
      } else if (operator === 'ArnLike' || operator === 'StringLike' || operator === 'ArnEquals') {
        if (actual === undefined || !matches(wanted, actual)) return false;
      } else {
        throw new Error(`the alarm topic's policy uses condition ${operator}, which the rehearsal cannot judge`);
      }
    }
  }
  return true;
}

function applies(statement: Statement, request: PublishRequest): boolean {
  return (
    principalMatches(statement.Principal) &&
    matches(list(statement.Action), 'sns:Publish', 'i') &&
    matches(list(statement.Resource), request.topicArn) &&
    conditionHolds(statement.Condition, contextOf(request))
  );
}

/** Why CloudWatch may not publish to the topic, or undefined when it may. */
export function publishRefusal(policyJson: string | undefined, request: PublishRequest): string | undefined {
  if (!policyJson) return `topic ${request.topicArn} has no policy: only its owner may publish, not cloudwatch.amazonaws.com`;
  const statements = list((JSON.parse(policyJson) as { Statement: Statement | Statement[] }).Statement);
  const deny = statements.find((s) => s.Effect === 'Deny' && applies(s, request));
  if (deny) return `topic policy statement ${deny.Sid ?? '(no Sid)'} denies cloudwatch.amazonaws.com sns:Publish`;
  if (!statements.some((s) => s.Effect === 'Allow' && applies(s, request)))
    return `topic policy of ${request.topicArn} does not allow cloudwatch.amazonaws.com to sns:Publish`;
  return undefined;
}

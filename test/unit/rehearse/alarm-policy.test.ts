/**
 * The rehearsal's judgement of an alarm topic's policy (rehearse/alarm-policy.ts): whether CloudWatch,
 * publishing an alarm over TLS for this account, may publish to the topic.
 */
import { publishRefusal } from '../../../rehearse/alarm-policy';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:Rapport-AlarmTopic';
const REQUEST = { topicArn: TOPIC, account: '123456789012', alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:FunctionsErrors' };

/** The statements CDK synthesizes for the alarm topic (infra/constructs/monitoring.ts). */
const TLS_ONLY = {
  Sid: 'AllowPublishThroughSSLOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: TOPIC,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const CLOUDWATCH = {
  Sid: 'CloudWatchAlarmsPublish',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: TOPIC,
  Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
};
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('whether CloudWatch may publish an alarm to a topic', () => {
  it('may, under the TLS-only deny, when a statement allows cloudwatch.amazonaws.com for this account', () => {
    expect(publishRefusal(policy(TLS_ONLY, CLOUDWATCH), REQUEST)).toBeUndefined();
  });

  it('may not when the TLS-only deny is the whole policy (it replaced the default one)', () => {
    expect(publishRefusal(policy(TLS_ONLY), REQUEST)).toBe(
      `topic policy of ${TOPIC} does not allow cloudwatch.amazonaws.com to sns:Publish`,
    );
  });

  it('may not when the allow is for another account', () => {
    const other = { ...CLOUDWATCH, Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } };
    expect(publishRefusal(policy(TLS_ONLY, other), REQUEST)).toMatch(/does not allow cloudwatch/);
  });

  it('may not when a deny matches, whatever allows it', () => {
    const deny = { Sid: 'NoAlarms', Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'SNS:*', Resource: '*' };
    expect(publishRefusal(policy(CLOUDWATCH, deny), REQUEST)).toBe(
      'topic policy statement NoAlarms denies cloudwatch.amazonaws.com sns:Publish',
    );
  });

  it("may under SNS's default policy, whose actions are written SNS:Publish", () => {
    const byDefault = {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['SNS:GetTopicAttributes', 'SNS:Publish'],
      Resource: TOPIC,
      Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } },
    };
    expect(publishRefusal(policy(byDefault), REQUEST)).toBeUndefined();
  });

  it('fails closed, naming it, on a condition it cannot judge', () => {
    const odd = { ...CLOUDWATCH, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
    expect(() => publishRefusal(policy(odd), REQUEST)).toThrow(/condition IpAddress/);
  });
});

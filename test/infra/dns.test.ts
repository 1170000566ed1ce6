import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MailInbound } from '../../infra/constructs/mail-inbound';
import { MailSending } from '../../infra/constructs/mail-sending';
import { cdkJsonContext } from './synth-once';

describe('DNS with a Route 53 hosted zone', () => {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false, context: cdkJsonContext() }), 'Dns', {
    env: { account: '111122223333', region: 'eu-west-1' },
  });
  const hostedZone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789ABC',
    zoneName: 'rapport.example.org',
  });
  new MailSending(stack, 'Sending', { domain: 'rapport.example.org', hostedZone });
  new MailInbound(stack, 'Inbound', { domain: 'rapport.example.org', rawMailRetentionDays: 30, hostedZone });
  const template = Template.fromStack(stack);

  it('points the domain’s MX at the region’s SES inbound endpoint', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0123456789ABC',
      Name: 'rapport.example.org.',
      Type: 'MX',
      ResourceRecords: [{ 'Fn::Join': ['', ['10 inbound-smtp.', { Ref: 'AWS::Region' }, '.amazonaws.com']] }],
    });
  });

  it('creates the three Easy DKIM CNAMEs that verify the sending identity', () => {
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { HostedZoneId: 'Z0123456789ABC', Type: 'CNAME' }, 3);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'rapport.example.org',
      DkimSigningAttributes: Match.objectLike({ NextSigningKeyLength: 'RSA_2048_BIT' }),
    });
  });
});

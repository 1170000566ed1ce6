import { Stack, Validations } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MailSendingProps {
  readonly domain: string;
  /** With a zone, the DKIM CNAMEs are created in it; without, they are stack outputs. */
  readonly hostedZone?: route53.IPublicHostedZone;
}

/** Metric dimension SES adds to every bounce/complaint metric of this configuration set. */
const CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/**
 * Sending identity and policy. The configuration set puts addresses that bounce or complain on
 * the account's suppression list, publishes bounce/complaint/reject counts to CloudWatch for the
 * reputation dashboard, and each bounce and complaint to a topic for Rapport's own records.
 * https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html
 */
export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  /** SES publishes each bounce and complaint here; mail-feedback subscribes. */
  readonly feedbackTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('BounceAndComplaintMetrics', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: CONFIGURATION_SET_DIMENSION,
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: 'none',
        },
      ]),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });
    // Rapport's own record of them: the address is suppressed in the table (the mail path checks
    // it, on one machine too) and the operator is told, which SES's list alone does not do.
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', { displayName: 'Rapport bounces and complaints', enforceSSL: true });
    Validations.of(this.feedbackTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'SES event publishing to an encrypted topic needs a customer managed key whose policy admits SES; the ' +
        'topic carries only bounce and complaint records of mail Rapport sent, read by one function.',
    });
    this.configurationSet.addEventDestination('BounceAndComplaintFeedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    this.identity = new ses.EmailIdentity(this, 'DomainIdentity', {
      identity: props.hostedZone ? ses.Identity.publicHostedZone(props.hostedZone) : ses.Identity.domain(props.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      configurationSet: this.configurationSet,
    });
  }
}

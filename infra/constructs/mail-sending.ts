import { Stack } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
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
 * the account's suppression list, so Rapport stops mailing them without keeping its own list,
 * and publishes bounce/complaint/reject counts to CloudWatch for the reputation dashboard.
 * https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html
 */
export class MailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;

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
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    this.identity = new ses.EmailIdentity(this, 'DomainIdentity', {
      identity: props.hostedZone
        ? ses.Identity.publicHostedZone(props.hostedZone)
        : ses.Identity.domain(props.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      configurationSet: this.configurationSet,
    });
  }
}

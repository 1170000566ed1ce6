import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Where SES writes each raw message: `<prefix><mail.messageId>`, read back by inbound-email. */
export const RAW_MAIL_PREFIX = 'inbound/';

/** The host SES receives on in a region; the domain's MX record points here (priority 10). */
export function inboundSmtpHost(region: string): string {
  return `inbound-smtp.${region}.amazonaws.com`;
}

export interface MailInboundProps {
  readonly domain: string;
  readonly rawMailRetentionDays: number;
  /** With a zone the MX record is created in it; without, the stack outputs it. */
  readonly hostedZone?: route53.IHostedZone;
}

/**
 * Inbound mail: the bucket raw messages land in, and the receipt rule that stores each message
 * there and then invokes inbound-email. SES runs a rule's actions in order, so the object
 * exists before the Lambda (whose event has headers and verdicts but no body) reads it.
 * https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda.html
 */
export class MailInbound extends Construct {
  readonly bucket: s3.Bucket;
  readonly ruleSetName: string;
  readonly ruleName: string;
  private readonly props: MailInboundProps;

  constructor(scope: Construct, id: string, props: MailInboundProps) {
    super(scope, id);
    this.props = props;
    const stack = Stack.of(this);
    // Fixed names: the bucket policy and the Lambda permission name the rule in aws:SourceArn,
    // which a generated name could only supply through a dependency cycle.
    this.ruleSetName = `${stack.stackName}-inbound`;
    this.ruleName = `${stack.stackName}-store-then-process`;

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the raw-mail bucket access logs; logging the log bucket would recurse.',
    });

    this.bucket = new s3.Bucket(this, 'RawMail', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'raw-mail/',
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          prefix: RAW_MAIL_PREFIX,
          expiration: Duration.days(props.rawMailRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Raw mail expires by itself; keeping the bucket avoids losing unprocessed mail on tear-down.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (props.hostedZone) {
      new route53.MxRecord(this, 'MxRecord', {
        zone: props.hostedZone,
        recordName: `${props.domain}.`,
        values: [{ priority: 10, hostName: inboundSmtpHost(Aws.REGION) }],
      });
    }
  }

  /**
   * Creates the receipt rule set that stores each message addressed to the domain and then
   * invokes `inboundFunction`, and makes it the account's active rule set (CloudFormation has no
   * resource for that). Only one rule set is active per account and region.
   */
  deliverTo(inboundFunction: lambda.IFunction): void {
    const stack = Stack.of(this);
    const ruleArn = stack.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${this.ruleSetName}:receipt-rule/${this.ruleName}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    // https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html
    const fromThisRule = { 'aws:SourceAccount': stack.account, 'aws:SourceArn': ruleArn };

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesReceiptRulePut',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${RAW_MAIL_PREFIX}*`)],
        conditions: { StringEquals: fromThisRule },
      }),
    );
    inboundFunction.addPermission('AllowSesReceiptRule', {
      principal: new iam.ServicePrincipal('ses.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: ruleArn,
    });

    const ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: this.ruleSetName });
    const rule = ruleSet.addRule('StoreThenProcess', {
      receiptRuleName: this.ruleName,
      recipients: [this.props.domain],
      enabled: true,
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        {
          bind: () => ({ s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: RAW_MAIL_PREFIX } }),
        },
        {
          bind: () => ({ lambdaAction: { functionArn: inboundFunction.functionArn, invocationType: 'Event' } }),
        },
      ],
    });
    // SES checks both permissions when the rule is created, so they must exist first.
    if (this.bucket.policy) rule.node.addDependency(this.bucket.policy);
    const permission = inboundFunction.permissionsNode.tryFindChild('AllowSesReceiptRule');
    if (permission) rule.node.addDependency(permission);

    this.activate(ruleSet, rule);
  }

  private activate(ruleSet: ses.ReceiptRuleSet, rule: ses.ReceiptRule): void {
    const logGroup = new logs.LogGroup(this, 'ActivationLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'ActivationRole', {
      description: 'Activates and deactivates the Rapport receipt rule set',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }));
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet supports no resource-level permissions (Service Authorization Reference, SES v1).',
    });

    const activation = new cr.AwsCustomResource(this, 'ActivateRuleSet', {
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      onCreate: {
        service: 'SES',
        action: 'SetActiveReceiptRuleSet',
        parameters: { RuleSetName: this.ruleSetName },
        physicalResourceId: cr.PhysicalResourceId.of(this.ruleSetName),
      },
      onUpdate: {
        service: 'SES',
        action: 'SetActiveReceiptRuleSet',
        parameters: { RuleSetName: this.ruleSetName },
        physicalResourceId: cr.PhysicalResourceId.of(this.ruleSetName),
      },
      // No RuleSetName deactivates receiving, so the rule set can then be deleted.
      onDelete: { service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} },
      role,
      logGroup,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(1),
    });
    activation.node.addDependency(ruleSet, rule);
  }
}

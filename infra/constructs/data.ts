import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/table';

/**
 * What Rapport remembers: the one table (see docs/architecture.md "The data") and the key that signs reply
 * tokens. Both outlive the stack: deleting it must not lose a user's interviews, and a lost key
 * would orphan every `reply+<token>@` address already sitting in someone's inbox.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly tokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Epoch seconds; DynamoDB deletes the item some time after (readers still filter on it).
      timeToLiveAttribute: TABLE_KEYS.expiresAt,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The single GSI: `USER#<userId>` / `<startUtc>#<interviewId>`, for an interview date range.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1Name,
      partitionKey: { name: TABLE_KEYS.gsi1PartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi1SortKey, type: dynamodb.AttributeType.STRING },
    });

    this.tokenSecret = new secretsmanager.Secret(this, 'ReplyTokenKey', {
      description: 'HMAC key that signs the reply+<token>@ addresses in Rapport emails',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is an HMAC key for reply tokens, not a credential. Rotating it would invalidate every ' +
        'reply address already sent; rotation needs key versions in the token format first.',
    });
  }
}

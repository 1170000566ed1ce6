import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/table';

/** Where the reply-token key lives: an SSM Parameter Store SecureString the functions create on first use. */
export interface TokenKeyParameter {
  /** `/<stack name>/reply-token-key` */
  readonly name: string;
  readonly arn: string;
}

/**
 * What Rapport remembers: the one table (see docs/architecture.md "The data") and the key that signs reply
 * tokens. Both outlive the stack: deleting it must not lose a user's interviews, and a lost key
 * would orphan every `reply+<token>@` address already sitting in someone's inbox. The key is a
 * SecureString parameter (free; a Secrets Manager secret costs $0.40 a month), which
 * CloudFormation cannot create: the first function that signs a token creates it
 * (functions/adapters/aws/ssm-token-keys.ts), so it is named here, not deployed, and deleting the
 * stack leaves it (docs/operations.md "Rotating the reply-token key").
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly tokenKeyParameter: TokenKeyParameter;

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

    const name = `/${Stack.of(this).stackName}/reply-token-key`;
    this.tokenKeyParameter = {
      name,
      arn: Stack.of(this).formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: name.slice(1),
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    };
  }
}

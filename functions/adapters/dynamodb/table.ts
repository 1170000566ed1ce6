import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one Rapport table's shape, defined once: the store, the local scheduler, the embedded
 * engines (`tableDefinition`) and the CDK table (infra/constructs/data.ts) all read it here, so
 * an attribute renamed in one place cannot leave another writing the old name.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1Name: 'GSI1',
  gsi1PartitionKey: 'GSI1PK',
  gsi1SortKey: 'GSI1SK',
  /** DynamoDB TTL attribute, epoch seconds. Expired items linger until swept: readers filter on it. */
  expiresAt: 'expiresAt',
} as const;

/** The CreateTable input of the Rapport table; the CDK stack builds the same table and adds TTL on `expiresAt`. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, gsi1Name, gsi1PartitionKey, gsi1SortKey } = TABLE_KEYS;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [partitionKey, sortKey, gsi1PartitionKey, gsi1SortKey].map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: gsi1Name,
        KeySchema: [
          { AttributeName: gsi1PartitionKey, KeyType: 'HASH' },
          { AttributeName: gsi1SortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** A conditional write whose condition did not hold (the SDK's error, by name: the engines differ in class). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbStore } from '../adapters/dynamodb/dynamodb-store';
import type { Clock } from '../ports';

/** The one table, for a handler that reads or writes it; the SDK client takes its endpoint from AWS_ENDPOINT_URL*. */
export function tableStore(tableName: string, clock: Clock): DynamoDbStore {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return new DynamoDbStore({ client, tableName, clock });
}

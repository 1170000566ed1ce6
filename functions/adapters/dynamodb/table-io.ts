import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './table';

/**
 * Awaits a conditional write and answers whether its condition held. A condition that does not
 * hold is an answer, not a fault (the item is someone else's, or already as wanted): false. Any
 * other error still throws, so a throttle or an outage is retried and never read as "not written".
 */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/**
 * Every item a query matches, page after page: DynamoDB stops a page at 1 MB and says so only by
 * `LastEvaluatedKey`. Items come as each page arrives, so a caller that reads more per item does
 * so between the pages, as it would with the loop written out.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
 */
export async function* queryItems(client: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { z } from '../../commons/zod';
import { Contact, Interview, Note } from '../../domain/model';
import type { HistoryRecords } from '../../ports';
import { keys, userPk } from './keys';
import { TABLE_KEYS } from './table';

/**
 * A user's interviews (by start), contacts or notes, one Query page at a time, for the export:
 * it writes each page into its files and lets it go, so its memory does not grow with the records
 * (docs/benchmarks.md, "Export at any size"). Eventually consistent: the export is asked for by
 * mail and sent from a schedule, well after the writes it reads, and it halves the read units.
 */

/** Items per page: small enough that a page of parsed records stays a few megabytes. */
const PAGE_ITEMS = 250;

interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const { partitionKey: PK, sortKey: SK, gsi1Name, gsi1PartitionKey, gsi1SortKey } = TABLE_KEYS;

const QUERIES: {
  [K in keyof HistoryRecords]: {
    schema: z.ZodType<HistoryRecords[K], z.ZodTypeDef, unknown>;
    query: (pk: string) => Omit<QueryCommandInput, 'TableName'>;
  };
} = {
  interviews: {
    schema: Interview,
    // Every start sorts between these (sortableUtc writes ISO instants).
    query: (pk) => ({
      IndexName: gsi1Name,
      KeyConditionExpression: `${gsi1PartitionKey} = :pk AND ${gsi1SortKey} BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':pk': pk, ':from': '0000', ':to': '9999' },
    }),
  },
  contacts: { schema: Contact, query: (pk) => prefixQuery(pk, keys.contactPrefix) },
  notes: { schema: Note, query: (pk) => prefixQuery(pk, keys.allNotesPrefix) },
};

function prefixQuery(pk: string, prefix: string): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  };
}

export async function* historyPages<K extends keyof HistoryRecords>(
  table: Table,
  userId: string,
  kind: K,
): AsyncGenerator<HistoryRecords[K][]> {
  const { schema, query } = QUERIES[kind] as {
    schema: z.ZodType<HistoryRecords[K], z.ZodTypeDef, unknown>;
    query: (pk: string) => Omit<QueryCommandInput, 'TableName'>;
  };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({ TableName: table.tableName, ...query(userPk(userId)), Limit: PAGE_ITEMS, ExclusiveStartKey: startKey }),
    );
    yield (page.Items ?? []).map((item) => schema.parse(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

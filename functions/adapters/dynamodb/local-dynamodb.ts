import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { tableDefinition } from './table';

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`, for other clients (the CLI, a second process). */
  endpoint: string;
  client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

interface LocalDynamoDbOptions {
  tableName: string;
  /** A directory to keep the data in across restarts; in memory when absent. */
  path?: string;
  /** 0 picks a free port. */
  port?: number;
}

const TABLE_ACTIVE_TIMEOUT_MS = 10_000;

/** A DynamoDB client for a local or emulated endpoint; the credentials are never checked. */
export function documentClientFor(endpoint: string, region = 'us-east-1'): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Creates the Rapport table unless it exists, and waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // A timeout, not a time of day: the monotonic clock, which no Clock port needs to move.
  const deadline = performance.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (performance.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** dynalite in this process, on 127.0.0.1, with the Rapport table created. */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions): Promise<LocalDynamoDb> {
  if (options.path !== undefined) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    ...(options.path !== undefined ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = documentClientFor(endpoint);
  const close = async () => {
    client.destroy();
    // Keep-alive sockets would hold the server (and the LevelDB lock) open.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  try {
    await ensureTable(client, options.tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, client, close };
}

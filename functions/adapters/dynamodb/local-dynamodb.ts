import { Agent, type AgentOptions } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
  /** The Unix socket dynalite answers on, in a folder only this account can enter (0700). */
  socketPath: string;
  client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export interface LocalDynamoDbOptions {
  tableName: string;
  /** A directory to keep the data in across restarts; in memory when absent. */
  path?: string;
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

/** An HTTP agent whose every connection goes to one Unix socket, whatever host the URL names. */
class UnixSocketAgent extends Agent {
  constructor(
    private readonly socketPath: string,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(): Socket {
    return connect(this.socketPath);
  }
}

/** A DynamoDB client that talks to dynalite over its Unix socket. */
function documentClientOverSocket(socketPath: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint: 'http://localhost',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { httpAgent: new UnixSocketAgent(socketPath, { keepAlive: true }) },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * dynalite in this process, with the Rapport table created. It listens on a Unix socket in a
 * fresh 0700 folder, never on a TCP port: dynalite answers any Host and Origin with CORS `*`,
 * so on a port any web page the user opens could read and change the table (docs/security.md).
 */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions): Promise<LocalDynamoDb> {
  if (options.path !== undefined) mkdirSync(options.path, { recursive: true, mode: 0o700 });
  // A temp folder, not the data folder: a socket path must fit in 107 bytes, a data folder may not.
  const socketDir = mkdtempSync(path.join(tmpdir(), 'rapport-db-'));
  const socketPath = path.join(socketDir, 'dynamodb.sock');
  const server = dynalite({
    ...(options.path !== undefined ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const client = documentClientOverSocket(socketPath);
  const close = async () => {
    client.destroy();
    // Keep-alive sockets would hold the server (and the LevelDB lock) open.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    rmSync(socketDir, { recursive: true, force: true });
  };
  try {
    await ensureTable(client, options.tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return { socketPath, client, close };
}

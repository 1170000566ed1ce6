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
import { ClassicLevel } from 'classic-level';
import dynalite from 'dynalite';
import { tableDefinition } from './table';

export interface LocalDynamoDb {
  /** The Unix socket dynalite answers on, in a folder only this account can enter (0700). */
  socketPath: string;
  client: DynamoDBDocumentClient;
  /**
   * Rewrites the store on disk so deleted items are gone from every file, not only from the
   * table: LevelDB keeps a deleted value in its write log and table files until a compaction
   * drops it. dynalite is closed meanwhile (a request then fails and is retried); in memory, a no-op.
   */
  compact(): Promise<void>;
  close(): Promise<void>;
}

interface LocalDynamoDbOptions {
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

/** Bytes above every key dynalite writes (its keys are UTF-8, which never holds 0xff). */
const PAST_EVERY_KEY = Buffer.alloc(64, 0xff);

/**
 * A full LevelDB compaction: the write log is flushed into tables and every table merged down,
 * which drops deleted and overwritten values; opening writes a fresh MANIFEST and removes the old
 * log and tables, so no file keeps a copy (docs/security.md).
 */
async function compactLevelDb(location: string): Promise<void> {
  const db = new ClassicLevel<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  try {
    await db.compactRange(Buffer.alloc(0), PAST_EVERY_KEY);
  } finally {
    await db.close();
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
export function documentClientOverSocket(socketPath: string): DynamoDBDocumentClient {
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
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  // Keep-alive sockets would hold the server (and the LevelDB lock) open.
  const stopServing = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  const client = documentClientOverSocket(socketPath);
  const close = async () => {
    client.destroy();
    await stopServing();
    rmSync(socketDir, { recursive: true, force: true });
  };
  const compact = async () => {
    if (options.path === undefined) return;
    await stopServing();
    try {
      await compactLevelDb(options.path);
    } finally {
      // dynalite reopens its store when it listens again.
      await listen();
    }
  };
  await listen();
  try {
    await ensureTable(client, options.tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return { socketPath, client, compact, close };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A moto server (AWS API emulator) for one test file: its own port, started in `beforeAll`,
 * stopped in `afterAll`. Each file gets its own so files can run in parallel.
 */
export interface MotoServer {
  endpoint: string;
  /** Forgets every resource and every sent email. */
  reset(): Promise<void>;
  /** Emulator state, e.g. `sesv2.sent_emails` (see moto's `/moto-api/data.json`). */
  data(): Promise<Record<string, Record<string, unknown>>>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

export const motoCredentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const motoRegion = 'us-east-1';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The pyenv shim may leave a child behind: stop the whole group this helper started.
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** A Python package that registers more of moto before starting its server (`python3 -m NAME`). */
export interface MotoExtension {
  /** The folder that holds the package, put on PYTHONPATH. */
  pythonPath: string;
  module: string;
}

export async function startMotoServer(extension?: MotoExtension): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const address = ['-H', '127.0.0.1', '-p', String(port)];
  const child = extension
    ? spawn('python3', ['-m', extension.module, ...address], {
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PYTHONPATH: extension.pythonPath },
      })
    : spawn('moto_server', address, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    killGroup(child);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
    clearTimeout(timer);
    running.delete(child);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
    },
    async data() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      return (await response.json()) as Record<string, Record<string, unknown>>;
    },
    stop,
  };
}

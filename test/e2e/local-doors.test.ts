import { chmodSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:net';
import { runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';
import { withFrom } from '../support/workflow-harness';

/**
 * Every door the local runtime opens, as a hostile web page sees it: the page can make the
 * browser send requests to any 127.0.0.1 port it finds, with its own Origin, and a DNS-rebinding
 * page even with its own host name in Host. The ports are not the ones the runtime says it opened
 * but every TCP port this process listens on, read from /proc, so a forgotten listener fails too.
 */
const START = '2027-02-20T09:30:00Z';

/** The TCP ports this process listens on: its socket inodes matched against the kernel's LISTEN table. */
function listeningPortsOfThisProcess(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed while we looked
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9]!)) ports.add(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Sends `request` as raw bytes and returns everything the server answers before it closes or goes quiet. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    socket.setTimeout(1500, done);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(request);
  });
}

/** A DynamoDB ListTables call as a page's fetch() can send it: the kind an open dynalite port answers. */
function pageRequest(port: number, headers: { host: string; origin: string }): string {
  const body = '{}';
  return [
    'POST / HTTP/1.1',
    `Host: ${headers.host}`,
    `Origin: ${headers.origin}`,
    'Content-Type: application/x-amz-json-1.0',
    'X-Amz-Target: DynamoDB_20120810.ListTables',
    'X-Amz-Date: 20270220T093000Z',
    // dynalite wants a signature's shape, never checks it: a page can write this header.
    'Authorization: AWS4-HMAC-SHA256 Credential=page/20270220/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

describe('every local port refuses web pages', () => {
  const local = runtimePerTest('rapport-doors-');

  it('answers neither a cross-origin nor a DNS-rebinding request on any port this process listens on', async () => {
    const runtime = await local.start(START);
    const ports = listeningPortsOfThisProcess();
    expect(ports).toEqual(expect.arrayContaining([runtime.smtpPort, runtime.webPort]));
    for (const port of ports) {
      for (const headers of [
        { host: `127.0.0.1:${port}`, origin: 'https://evil.example' },
        { host: `rebind.evil.example:${port}`, origin: `http://rebind.evil.example:${port}` },
      ]) {
        const answer = await exchange(port, pageRequest(port, headers));
        const seen = { port, host: headers.host, answer: answer.slice(0, 200) };
        expect({ ...seen, succeeded: /^HTTP\/1\.[01] 2\d\d/.test(answer) }).toEqual({ ...seen, succeeded: false });
        expect(answer.toLowerCase()).not.toContain('access-control-allow-origin');
        expect(answer).not.toContain('TableNames');
      }
    }
  });

  it('keeps every file of the data folder readable by this account only (0600 in 0700 folders)', async () => {
    const runtime = await local.start(START);
    const invitation = withFrom(readFileSync(path.join(__dirname, '../../examples/coffee-chat.eml')), 'Alex Morgan <alex@example.com>');
    await sendOverSmtp(runtime, invitation.toString('utf8'), { from: 'alex@example.com', to: 'log@rapport.localhost' });
    await waitForOutbox(runtime, 1);
    const modes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        const mode = statSync(file).mode & 0o777;
        if (entry.isDirectory()) {
          if (mode !== 0o700) modes.push(`${path.relative(local.dataDir, file)}/ ${mode.toString(8)}`);
          walk(file);
        } else if (mode & 0o077) modes.push(`${path.relative(local.dataDir, file)} ${mode.toString(8)}`);
      }
    };
    expect((statSync(local.dataDir).mode & 0o777).toString(8)).toBe('700');
    walk(local.dataDir);
    expect(modes).toEqual([]);
  });

  it('closes up a data folder an older version left open (0755, files 0644) when it starts', async () => {
    const inbound = path.join(local.dataDir, 'inbound');
    mkdirSync(inbound, { recursive: true });
    writeFileSync(path.join(local.dataDir, 'token-secret'), 'ab'.repeat(32));
    writeFileSync(path.join(inbound, 'older-delivery'), 'From: alex@example.com\r\n\r\nhello\r\n');
    for (const folder of [local.dataDir, inbound]) chmodSync(folder, 0o755);
    for (const file of ['token-secret', 'inbound/older-delivery']) chmodSync(path.join(local.dataDir, file), 0o644);

    await local.start(START);
    const mode = (relative: string) => (statSync(path.join(local.dataDir, relative)).mode & 0o777).toString(8);
    expect({ folder: mode('.'), inbound: mode('inbound'), secret: mode('token-secret'), mail: mode('inbound/older-delivery') }).toEqual({
      folder: '700',
      inbound: '700',
      secret: '600',
      mail: '600',
    });
  });
});

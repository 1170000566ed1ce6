import { request } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { CONTROL_SECRET_HEADER, controlSecretFile, readControlSecret } from '../../functions/local/control-secret';
import type { LocalRuntime } from '../../functions/local/runtime';
import { runtimePerTest } from '../support/runtime-driver';
import { withFrom } from '../support/workflow-harness';

/**
 * The local control API as a hostile neighbour sees it: any web page the user opens can send
 * requests to 127.0.0.1, and a DNS-rebinding page can even read the answers if the server
 * honours its Host. Each attack is sent as a browser would send it, over real HTTP.
 */
const START = '2027-02-20T09:30:00Z';

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP request, so Host, Origin and Content-Type are exactly what the test says (fetch forbids setting Host). */
function http(port: number, method: string, route: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: route, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local control API obeys only the rapport command', () => {
  const local = runtimePerTest('rapport-control-');
  let runtime: LocalRuntime;
  let secret: string;

  beforeEach(async () => {
    runtime = await local.start(START, { maxMessageBytes: 1024 * 1024, maxFiringsPerTick: 3 });
    secret = readControlSecret(local.dataDir)!;
    // A user with an interview: an outbox with a reply token in it, and reminders and digests to fire.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      envelope: { from: 'alex@example.com', to: 'log@rapport.localhost' },
      raw: withFrom(readFileSync(path.join(__dirname, '../../examples/coffee-chat.eml')), 'Alex Morgan <alex@example.com>'),
    });
    transport.close();
  });

  const clockMoved = () => runtime.clock.now().getTime() - new Date(START).getTime() > 60_000;
  const tickBody = (until: string) => JSON.stringify({ until });

  it('keeps the secret in the data folder, readable by this account only, and removes it on stop', async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(controlSecretFile(local.dataDir)).mode & 0o777).toBe(0o600);
    await runtime.stop();
    expect(existsSync(controlSecretFile(local.dataDir))).toBe(false);
  });

  it('refuses a cross-origin text/plain POST to /api/tick, the kind any web page can send without asking', async () => {
    const answer = await http(
      runtime.webPort,
      'POST',
      '/api/tick',
      { origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8' },
      tickBody('2027-03-10T00:00:00Z'),
    );
    expect(answer.status).toBe(415);
    expect(clockMoved()).toBe(false);
    expect(await runtime.outbox()).toHaveLength(1);
  });

  it('refuses every request whose Host is not 127.0.0.1 or localhost (DNS rebinding), the outbox page included', async () => {
    for (const route of ['/', '/api/outbox', '/api/status']) {
      const answer = await http(runtime.webPort, 'GET', route, {
        host: `rebind.evil.example:${runtime.webPort}`,
        [CONTROL_SECRET_HEADER]: secret,
      });
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
      expect(answer.body).not.toContain('reply+');
    }
    const tick = await http(
      runtime.webPort,
      'POST',
      '/api/tick',
      { host: 'rebind.evil.example', 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: secret },
      tickBody('2027-03-10T00:00:00Z'),
    );
    expect(tick.status).toBe(403);
    expect(clockMoved()).toBe(false);
  });

  it('refuses the API without the secret, or with a wrong one', async () => {
    expect((await http(runtime.webPort, 'GET', '/api/outbox', {})).status).toBe(401);
    expect((await http(runtime.webPort, 'GET', '/api/outbox', { [CONTROL_SECRET_HEADER]: '0'.repeat(64) })).status).toBe(401);
    const tick = await http(runtime.webPort, 'POST', '/api/tick', { 'content-type': 'application/json' }, tickBody('2027-03-10T00:00:00Z'));
    expect(tick.status).toBe(401);
    expect(clockMoved()).toBe(false);
  });

  it('still shows the outbox page in a browser at 127.0.0.1 or localhost', async () => {
    for (const host of [`127.0.0.1:${runtime.webPort}`, `localhost:${runtime.webPort}`]) {
      const page = await http(runtime.webPort, 'GET', '/', { host });
      expect(page.status).toBe(200);
      expect(page.body).toContain('Logged: coffee chat with Priya Natarajan');
    }
  });

  it('refuses a tick of ten years, leaving the clock where it was', async () => {
    const answer = await http(
      runtime.webPort,
      'POST',
      '/api/tick',
      { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: secret },
      tickBody('2037-02-20T09:30:00Z'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining('at most 366 days') });
    expect(clockMoved()).toBe(false);
    expect(await runtime.outbox()).toHaveLength(1);
  });

  it('stops a tick after its limit of schedules, says where it stopped, and goes on with the next tick', async () => {
    const first = await runtime.tick(new Date('2027-03-31T00:00:00Z'));
    expect(first.fired).toHaveLength(3);
    expect(first.stoppedEarly).toMatch(/^stopped after 3 schedules at 2027-03-01T/);
    // The clock stays at the last schedule fired (it keeps running from there).
    expect(new Date(first.now).getTime() - new Date(first.fired[2]!.atUtc).getTime()).toBeLessThan(10_000);
    const second = await runtime.tick(new Date('2027-03-31T00:00:00Z'));
    expect(second.fired[0]!.atUtc > first.fired[2]!.atUtc).toBe(true);
  });

  it('answers 413 to a control body over its limit, and changes nothing', async () => {
    const answer = await http(
      runtime.webPort,
      'POST',
      '/api/tick',
      { 'content-type': 'application/json', [CONTROL_SECRET_HEADER]: secret },
      JSON.stringify({ until: '2027-03-10T00:00:00Z', padding: 'x'.repeat(10 * 1024) }),
    );
    expect(answer.status).toBe(413);
    expect(clockMoved()).toBe(false);
  });
});

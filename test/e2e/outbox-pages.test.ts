import { request } from 'node:http';
import { OutboxMailer } from '../../functions/adapters/local/outbox-mailer';
import type { LocalRuntime } from '../../functions/local/runtime';
import { runtimePerTest } from '../support/runtime-driver';

/**
 * The outbox page's own URLs (docs/local.md): each email's HTML and each attached file, served
 * to a browser on this machine only, under the outbox's file names and nothing else.
 */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request, so the path and Host are exactly what the test says (fetch would normalise `..`). */
function get(runtime: LocalRuntime, route: string, host = `127.0.0.1:${runtime.webPort}`, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: runtime.webPort, method, path: route, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const CSV = Buffer.from('title,start\r\n"Coffee, with Jane",2027-02-21T10:00:00Z\r\n');

describe('the outbox page’s email and attachment URLs', () => {
  const local = runtimePerTest('rapport-outbox-pages-');

  async function sentExport(): Promise<{ runtime: LocalRuntime; id: string }> {
    const runtime = await local.start('2027-02-20T09:30:00Z');
    await new OutboxMailer({ dataDir: runtime.dataDir, clock: runtime.clock }).send({
      from: `reply+t@${runtime.domain}`,
      to: 'alex@example.com',
      subject: 'Your Rapport export',
      text: 'Everything Rapport keeps about you is attached.',
      html: '<p>Everything Rapport keeps about you is <b>attached</b>.</p><script>alert(1)</script>',
      autoSubmitted: 'auto-replied',
      attachments: [{ filename: 'interviews 2027.csv', contentType: 'text/csv; charset=utf-8', content: CSV }],
    });
    const [entry] = await runtime.outbox();
    return { runtime, id: entry!.id };
  }

  it('serves an email’s HTML under a sandbox that runs no script, and its attached file as a download', async () => {
    const { runtime, id } = await sentExport();
    const email = await get(runtime, `/mail/${id}`);
    expect(email.status).toBe(200);
    expect(email.body.toString()).toContain('Everything Rapport keeps about you is <b>attached</b>.');
    const csp = String(email.headers['content-security-policy']);
    expect(csp).toMatch(/(^|; )sandbox /);
    expect(csp).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(csp).toContain("default-src 'none'");

    const file = await get(runtime, `/mail/${id}/attachments/0`);
    expect(file.status).toBe(200);
    expect(file.body.equals(CSV)).toBe(true);
    expect(file.headers['content-type']).toBe('text/csv');
    expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''interviews%202027.csv");

    const page = (await get(runtime, '/')).body.toString();
    expect(page).toContain(`src="/mail/${id}"`);
    expect(page).toContain(`href="/mail/${id}/attachments/0">interviews 2027.csv</a>`);
    expect(page).not.toContain('alert(1)');
  });

  it('answers 404 for anything but an outbox file, and refuses other hosts and methods', async () => {
    const { runtime, id } = await sentExport();
    for (const route of [
      '/mail/..%2Ftoken-secret',
      '/mail/..%2Fcontrol-secret',
      '/mail/%E0%A4%A',
      '/mail/20270220T093000000Z-0000.eml.bak',
      '/mail/20991231T000000000Z-0000.eml',
      `/mail/${id}/attachments/1`,
      `/mail/${id}/attachments/x`,
    ])
      expect({ route, status: (await get(runtime, route)).status }).toEqual({ route, status: 404 });
    expect((await get(runtime, `/mail/${id}`, `rebind.evil.example:${runtime.webPort}`)).status).toBe(403);
    expect((await get(runtime, `/mail/${id}`, undefined, 'POST')).status).toBe(403);
  });

  it('pages by ?page=, and takes a page out of range or malformed as the nearest one', async () => {
    const { runtime } = await sentExport();
    for (const route of ['/?page=0', '/?page=99', '/?page=-1', '/?page=1e3', '/?page=%00']) {
      const answer = await get(runtime, route);
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
      expect(answer.body.toString()).toContain('Your Rapport export');
    }
  });
});

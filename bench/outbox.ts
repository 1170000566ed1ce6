import { OutboxMailer } from '../functions/adapters/local/outbox-mailer';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../functions/local/control-secret';
import type { LocalRuntime } from '../functions/local/runtime';
import { renderAll } from '../templates/fixture-renders';
import { FIXTURES } from '../templates/fixtures';
import { withRuntime } from './burst';
import { median, timeRuns } from './stats';

/**
 * The outbox page of `npm start` holding `emails` sent emails (every kind, in turn): the page a
 * browser opens (one page of 20, each email's HTML behind its own URL) against reading the whole
 * outbox (`/api/outbox`), which is what the page did before it was paged (every email inlined).
 */
export interface OutboxPageFigures {
  emails: number;
  pageMs: number;
  pageBytes: number;
  wholeOutboxMs: number;
  wholeOutboxBytes: number;
}

/** Writes `count` emails through the outbox's own mailer, one a minute, 50 at a time. */
async function fill(runtime: LocalRuntime, count: number): Promise<void> {
  const kinds = renderAll(FIXTURES.berlin);
  const start = runtime.clock.now().getTime();
  for (let first = 0; first < count; first += 50) {
    const batch = Array.from({ length: Math.min(50, count - first) }, (_, i) => {
      const n = first + i;
      const mailer = new OutboxMailer({ dataDir: runtime.dataDir, clock: { now: () => new Date(start + (n + 1) * 60_000) } });
      const { email } = kinds[n % kinds.length]!;
      return mailer.send({ ...email, from: `reply+t${n}@${runtime.domain}`, to: 'alex@bench.example', autoSubmitted: 'auto-generated' });
    });
    await Promise.all(batch);
  }
}

export async function benchOutboxPage(emails: number, runs: number): Promise<OutboxPageFigures> {
  return withRuntime(async (runtime) => {
    await fill(runtime, emails);
    const base = `http://127.0.0.1:${runtime.webPort}`;
    const secret = readControlSecret(runtime.dataDir)!;
    let pageBytes = 0;
    let wholeOutboxBytes = 0;
    const page = async () => {
      pageBytes = (await (await fetch(`${base}/`)).arrayBuffer()).byteLength;
    };
    const whole = async () => {
      wholeOutboxBytes = (await (await fetch(`${base}/api/outbox`, { headers: { [CONTROL_SECRET_HEADER]: secret } })).arrayBuffer())
        .byteLength;
    };
    // Interleaved, run by run, so both see the same machine (docs/benchmarks.md).
    const pageSamples: number[] = [];
    const wholeSamples: number[] = [];
    for (let i = 0; i < runs; i++) {
      pageSamples.push(...(await timeRuns(1, page, i === 0 ? 1 : 0)));
      wholeSamples.push(...(await timeRuns(1, whole, i === 0 ? 1 : 0)));
    }
    return { emails, pageMs: median(pageSamples), pageBytes, wholeOutboxMs: median(wholeSamples), wholeOutboxBytes };
  });
}

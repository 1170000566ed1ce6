import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessage } from '../../../functions/inbound/parse-message';
import { readInvitation } from '../../../functions/inbound/read-invitation';

/**
 * The visible set of real invitations written in prose (test/fixtures/prose-invitations, sources
 * in its SOURCES.md): each reads as its ground truth says, and the two whose dates contradict
 * themselves are asked about rather than guessed. Needs nothing outside the repository.
 */
const SET = path.resolve(__dirname, '../../fixtures/prose-invitations');

interface Case {
  file: string;
  expected: { title?: string; startUtc?: string; startLocal?: string; organizerEmail?: string; forwarded?: boolean };
}

/** Arrival time for the parse: every message in the set has its own Date header, which is what counts. */
const RECEIVED_AT = new Date('2030-01-01T00:00:00Z');

async function read(file: string) {
  return readInvitation(await parseMessage(readFileSync(path.join(SET, file))), RECEIVED_AT);
}

const cases = JSON.parse(readFileSync(path.join(SET, 'GROUND_TRUTH.json'), 'utf8')) as Case[];

describe('invitations in prose, from public mailing lists', () => {
  test('the set holds at least 30 scored messages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test.each(cases.map((c) => [c.file, c] as const))('%s reads as its ground truth says', async (file, c) => {
    const result = await read(file);
    if (!result.ok) throw new Error(`${file}: ${result.reason}: ${result.detail}`);
    const { title, startUtc, startLocal, organizerEmail, forwarded } = result.invitation;
    const got = { title, startUtc, startLocal, organizerEmail, forwarded };
    const actual = Object.fromEntries(
      Object.keys(c.expected)
        .filter((k) => k in got)
        .map((k) => [k, got[k as keyof typeof got]]),
    );
    expect(actual).toEqual(Object.fromEntries(Object.entries(c.expected).filter(([k]) => k in got)));
  });

  test.each(readdirSync(path.join(SET, 'asks')))('asks/%s: a date that contradicts itself is asked about, not guessed', async (file) => {
    const result = await read(path.join('asks', file));
    expect(result).toMatchObject({ ok: false, reason: 'no-time' });
  });
});

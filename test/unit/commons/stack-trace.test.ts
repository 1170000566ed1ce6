import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { readableStack } from '../../../functions/commons/stack-trace';

const ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.join(ROOT, 'test/fixtures/stack-trace/throws-and-logs.ts');
/** Where readTheBooking throws in the fixture (1-based, as a stack counts). */
const THROW_LINE = 6;

/**
 * Bundles the fixture the way infra/constructs/functions.ts bundles a Lambda (minified CommonJS,
 * a source map without sources beside it), two directories below the project as in cdk.out.
 */
function bundleFixture(): { dir: string; file: string } {
  // A fresh `npm ci` has no node_modules/.cache until some tool makes one.
  const cache = path.join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, 'stack-trace-'));
  const file = path.join(dir, 'index.js');
  buildSync({
    entryPoints: [ENTRY],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
  });
  return { dir, file };
}

/** Runs the bundle in plain Node, no flags (as deployed), and returns what it logged and threw. */
function runBundle(file: string): { logged: { message: string; error: string }; thrown: string } {
  const script = `const b = require(${JSON.stringify(file)}); b.logAFailure(); b.handler({}).catch((e) => process.stdout.write(JSON.stringify({ thrown: e.stack })));`;
  const lines = execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } })
    .toString()
    .trim()
    .split('\n');
  return {
    logged: JSON.parse(lines[0]!) as { message: string; error: string },
    thrown: (JSON.parse(lines[1]!) as { thrown: string }).thrown,
  };
}

describe('stack traces of a bundle, mapped when an error is logged', () => {
  describe('in a bundle (a fresh one for each test)', () => {
    let bundle: { dir: string; file: string };
    beforeEach(() => {
      bundle = bundleFixture();
    });
    afterEach(() => rmSync(bundle.dir, { recursive: true, force: true }));

    it('logs the frames at the original TypeScript file and line, through jsonLogger and the handler wrapper', () => {
      const { logged, thrown } = runBundle(bundle.file);
      expect(logged.message).toBe('booking failed');
      expect(logged.error).toMatch(/^Error: the booking could not be read\n/);
      const throwSite = new RegExp(`\\(test/fixtures/stack-trace/throws-and-logs\\.ts:${THROW_LINE}:\\d+\\)`);
      expect(logged.error).toMatch(throwSite);
      expect(logged.error).not.toContain('index.js:');
      expect(thrown).toMatch(throwSite);
      expect(thrown).not.toContain('index.js:');
    });

    it('logs the raw stack when the map is missing', () => {
      rmSync(`${bundle.file}.map`);
      const { logged, thrown } = runBundle(bundle.file);
      expect(logged.error).toMatch(/^Error: the booking could not be read\n/);
      const rawFrame = /\/stack-trace-[^/]+\/index\.js:\d+:\d+\)/;
      expect(logged.error).toMatch(rawFrame);
      expect(logged.error).not.toContain('.ts:');
      expect(thrown).toMatch(rawFrame);
    });
  });

  it('leaves a stack alone when running from the sources (tsx, jest): no map beside them', () => {
    const error = new Error('from the sources');
    expect(readableStack(error)).toBe(error.stack);
    expect(readableStack('not an error')).toBe('not an error');
  });

  it('follows an error to its cause, each with its stack', () => {
    const cause = new Error('the table refused the write');
    const error = new Error('the booking was not stored', { cause });
    expect(readableStack(error)).toBe(`${error.stack}\nCaused by: ${cause.stack}`);
  });
});

import { existsSync, readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';

/**
 * Stack traces that name our TypeScript files, paid for only when an error is logged.
 *
 * The Lambdas do not start with `--enable-source-maps`: with it, Node reads and parses the source
 * map of every module as it loads (https://nodejs.org/api/cli.html#--enable-source-maps, "enables
 * caching of Source Maps"; https://github.com/nodejs/node/issues/38817, "Node.js parses
 * source-maps on loading the JavaScript sources"), which cost 6–14 ms of CPU at every cold start
 * for our 110–700 KB maps (bench/cold-load.ts, before and after in the same minute). Instead the bundle's own `index.js.map` is read the first time an error is
 * logged, kept, and used to rewrite the bundle's frames (`at fn (/var/task/index.js:1:12345)`) to
 * `functions/…/file.ts:line:col`. Run from the sources (tsx, jest) there is no map beside this
 * file and stacks pass through unchanged; whatever fails, the raw stack is what is logged.
 */

/** A stack longer than this is logged as it is (a stack is ~10 frames; V8 keeps 10 by default). */
const MAX_STACK_CHARS = 32_000;
/** Frames mapped per stack: beyond these the rest is kept raw. */
const MAX_MAPPED_FRAMES = 100;
/** A map larger than this is not read (ours are under 1 MB). */
const MAX_MAP_BYTES = 16 * 1024 * 1024;

/** Causes followed down a chain (`new RapportError(…, { cause })`), each logged with its stack. */
const MAX_CAUSES = 3;

interface BundleMap {
  /** The generated file whose frames are rewritten, as it appears in a stack. */
  file: string;
  map: SourceMap;
}

/** The map of the bundle last asked about; map null when there is none (sources, or unreadable). */
let loaded: { file: string; map: BundleMap | null } | undefined;

/**
 * The error's stack with the bundle's frames pointing at the original sources, and those of its
 * causes; anything not an Error as `String(error)`.
 */
export function readableStack(error: unknown, bundleFile: string = __filename, causes = MAX_CAUSES): string {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return String(error);
  const cause = causes > 0 && error.cause instanceof Error ? `\nCaused by: ${readableStack(error.cause, bundleFile, causes - 1)}` : '';
  return mappedStack(error.stack, bundleFile) + cause;
}

function mappedStack(stack: string, bundleFile: string): string {
  if (stack.length > MAX_STACK_CHARS) return stack;
  try {
    const bundle = bundleMap(bundleFile);
    return bundle ? mapFrames(stack, bundle) : stack;
  } catch {
    return stack;
  }
}

function bundleMap(bundleFile: string): BundleMap | null {
  if (loaded?.file !== bundleFile) loaded = { file: bundleFile, map: readMap(bundleFile) };
  return loaded.map;
}

function readMap(bundleFile: string): BundleMap | null {
  const mapFile = `${bundleFile}.map`;
  if (!bundleFile.endsWith('.js') || !existsSync(mapFile) || statSync(mapFile).size > MAX_MAP_BYTES) return null;
  try {
    return { file: bundleFile, map: new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload) };
  } catch {
    return null;
  }
}

function mapFrames(stack: string, bundle: BundleMap): string {
  let mapped = 0;
  return stack
    .split('\n')
    .map((line) => {
      if (mapped >= MAX_MAPPED_FRAMES) return line;
      const at = line.indexOf(`${bundle.file}:`);
      if (at < 0) return line;
      const position = /^:(\d+):(\d+)/.exec(line.slice(at + bundle.file.length));
      if (!position) return line;
      mapped += 1;
      const original = originalPosition(bundle.map, Number(position[1]), Number(position[2]));
      return original ? line.slice(0, at) + original + line.slice(at + bundle.file.length + position[0].length) : line;
    })
    .join('\n');
}

/** `functions/…ts:line:col` for a 1-based generated position, or undefined when the map has none. */
function originalPosition(map: SourceMap, line: number, column: number): string | undefined {
  const entry = map.findEntry(line - 1, column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (typeof entry.originalSource !== 'string' || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  // esbuild writes sources relative to the map (`../../functions/x.ts`); the project path is what reads.
  const source = entry.originalSource.replace(/^file:\/\//, '').replace(/^(?:\.\.?\/)+/, '');
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

/**
 * The Lambda handler, with a thrown error's stack made readable before the runtime logs it (the
 * runtime writes `error.stack` to the log and to the failure destination).
 */
export function withReadableStacks<Event, Result>(handle: (event: Event) => Promise<Result>): (event: Event) => Promise<Result> {
  return async (event) => {
    try {
      return await handle(event);
    } catch (error) {
      if (error instanceof Error) {
        try {
          error.stack = readableStack(error);
        } catch {
          // A read-only stack stays as it was.
        }
      }
      throw error;
    }
  };
}

import path from 'node:path';
import { buildSync } from 'esbuild';

/** Beside the `rapport` command's bundle: packages stay external and resolve from node_modules. */
const BUNDLE_DIR = path.resolve(__dirname, '../node_modules/.cache/rapport');

/**
 * A bench script bundled as the Lambda functions and the `rapport` command are, so what a child
 * process measures is the code's own, not a TypeScript loader's; returns the bundle's path.
 */
export function bundleForNode(entry: string): string {
  const outfile = path.join(BUNDLE_DIR, `${path.basename(entry, '.ts')}.js`);
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

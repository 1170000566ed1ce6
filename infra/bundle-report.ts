import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Lambda cold start grows with the code it loads, so each function's bundle has a budget. MJML
 * alone is 3.1 MB (docs/architecture.md "Toolchain"): a bundle over budget almost always means a
 * build-time dependency leaked into run time. The HTML every email kind shares is compiled once
 * (html-layout.generated.ts, 15 KB); each kind adds its own body and text twin (4–30 KB).
 * process-inbound answers eleven kinds and reads times in ten languages with chrono-node (138 KB
 * of its tree-shaken ES build, loaded on first use: functions/commons/chrono.ts): 451 KB in all
 * since the layout was shared (527 KB before), 498 KB on 2026-12-07. Powertools
 * Logger (docs/operations.md "Logs") adds 23 KB to every bundle (521 KB for process-inbound) and
 * 0–3 ms of CPU to a cold start, so the budget is 544 KB: room for Powertools and a few more kinds,
 * not for a leaked library; `npm run bench` measures what the code costs a cold start.
 */
export const BUNDLE_LIMIT_BYTES = 544 * 1024;

/** Packages that must never be inside a function bundle, on top of every devDependency. */
const FORBIDDEN_PACKAGES = ['mjml', '@aws-sdk'];

export interface BundleReport {
  readonly name: string;
  readonly assetDir: string;
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  /** Why this bundle is unacceptable; empty when it is fine. */
  readonly problems: string[];
}

export interface BundledFunction {
  readonly name: string;
  readonly logicalId: string;
  /** Packages that must not be in this function's bundle, on top of those no function may bundle (FunctionSpec.mustNotBundle). */
  readonly forbiddenPackages?: readonly string[];
}

interface LambdaResource {
  Type: string;
  Properties?: { Code?: { S3Key?: unknown } };
}

/**
 * Measures the bundles of the given functions in a synthesized cloud assembly. The asset folder
 * of a function is `asset.<hash>`, where `<hash>.zip` is the function's `Code.S3Key`.
 * Lists of what went into a bundle come from its source map, so a forbidden package is caught
 * even when it is small.
 */
export function reportBundles(options: {
  assemblyDir: string;
  template: { Resources: Record<string, LambdaResource> };
  functions: readonly BundledFunction[];
  devDependencies: readonly string[];
  limitBytes?: number;
}): BundleReport[] {
  const limit = options.limitBytes ?? BUNDLE_LIMIT_BYTES;
  const forbidden = [...FORBIDDEN_PACKAGES, ...options.devDependencies];
  return options.functions.map(({ name, logicalId, forbiddenPackages = [] }) => {
    const key = options.template.Resources[logicalId]?.Properties?.Code?.S3Key;
    if (typeof key !== 'string' || !key.endsWith('.zip')) {
      throw new Error(`${name}: no asset S3Key on ${logicalId}; is it bundled as a file asset?`);
    }
    const assetDir = path.join(options.assemblyDir, `asset.${key.slice(0, -'.zip'.length)}`);
    const code = path.join(assetDir, 'index.js');
    const map = `${code}.map`;
    const codeBytes = fs.statSync(code).size;
    const sourceMapBytes = fs.existsSync(map) ? fs.statSync(map).size : 0;

    const problems: string[] = [];
    if (codeBytes > limit) problems.push(`index.js is ${kb(codeBytes)}, over the ${kb(limit)} budget`);
    if (sourceMapBytes === 0) problems.push('no source map (index.js.map)');
    else {
      const sources = (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources?: string[] }).sources ?? [];
      const packages = new Set(sources.map(packageOf).filter((p): p is string => p !== undefined));
      const matches = (pkg: string, bad: string) => pkg === bad || pkg.startsWith(`${bad}/`) || pkg.startsWith(`${bad}-`);
      for (const pkg of packages) {
        if (forbidden.some((bad) => matches(pkg, bad))) problems.push(`bundles ${pkg}, which must not be in a function`);
        else if (forbiddenPackages.some((bad) => matches(pkg, bad))) problems.push(`bundles ${pkg}, which must not be in ${name}`);
      }
      for (const source of sources) {
        if (!source.includes('node_modules/') && /(^|\/)test\//.test(source)) problems.push(`bundles test code ${source}`);
      }
    }
    return { name, assetDir, codeBytes, sourceMapBytes, problems };
  });
}

/** `…/node_modules/@scope/name/x.js` → `@scope/name`; the innermost node_modules wins. */
function packageOf(source: string): string | undefined {
  const index = source.lastIndexOf('node_modules/');
  if (index < 0) return undefined;
  const parts = source.slice(index + 'node_modules/'.length).split('/');
  const first = parts[0];
  if (first === undefined) return undefined;
  return first.startsWith('@') ? `${first}/${parts[1] ?? ''}` : first;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function formatBundleReports(reports: readonly BundleReport[]): string {
  const width = Math.max(...reports.map((r) => r.name.length));
  return reports
    .map((r) => {
      const status = r.problems.length === 0 ? 'ok' : `FAIL: ${r.problems.join('; ')}`;
      return `  ${r.name.padEnd(width)}  ${kb(r.codeBytes).padStart(10)} code  ${kb(r.sourceMapBytes).padStart(10)} map  ${status}`;
    })
    .join('\n');
}

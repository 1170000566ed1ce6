import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_LIMIT_BYTES, formatBundleReports, kb, reportBundles } from './bundle-report';
import { bundledFunctions, createRapportApp } from './rapport-app';

const started = Date.now();
const { app, stack } = createRapportApp();
const assembly = app.synth();

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  devDependencies?: Record<string, string>;
};
const reports = reportBundles({
  assemblyDir: assembly.directory,
  template: assembly.getStackArtifact(stack.artifactId).template,
  functions: bundledFunctions(stack),
  devDependencies: Object.keys(packageJson.devDependencies ?? {}),
});
console.error(`Function bundles (budget ${kb(BUNDLE_LIMIT_BYTES)} of code each):\n${formatBundleReports(reports)}`);
console.error(`Synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (reports.some((report) => report.problems.length > 0)) {
  console.error('Bundle check failed.');
  process.exitCode = 1;
}

#!/usr/bin/env node
// The `rapport` command. It runs a bundle of functions/local/cli.ts, rebuilt with esbuild
// whenever a source file is newer than the bundle, so the command starts in a fraction of a
// second and never runs stale code.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'functions', 'local', 'cli.ts');
const bundle = path.join(root, 'node_modules', '.cache', 'rapport', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return fs.statSync(bundle).mtimeMs >= newestSource(path.join(root, 'functions'));
  } catch {
    return false;
  }
}

if (!bundleIsFresh()) {
  require('esbuild').buildSync({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
}
process.argv.splice(1, 1, bundle);
require(bundle);

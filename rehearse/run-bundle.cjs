// Runs one Lambda bundle the way the Node.js runtime does: plain `node`, the bundle's CommonJS
// module loaded once, its exported handler awaited with the event. Usage (from rehearse/lambda.ts):
//   node run-bundle.cjs BUNDLE_DIR MODULE.EXPORT EVENT_FILE RESULT_FILE
// The environment is the function's own (set by the caller). Plain JavaScript on purpose: no
// TypeScript loader may stand between the deployed bundle and the runtime that runs it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

async function main() {
  const [bundleDir, handler, eventFile, resultFile] = process.argv.slice(2);
  const dot = handler.lastIndexOf('.');
  const bundle = require(path.join(bundleDir, handler.slice(0, dot)));
  const result = await bundle[handler.slice(dot + 1)](JSON.parse(fs.readFileSync(eventFile, 'utf8')), {});
  fs.writeFileSync(resultFile, JSON.stringify(result === undefined ? null : result));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

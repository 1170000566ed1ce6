// Runs one Lambda bundle the way the Node.js runtime does: plain `node`, the bundle's CommonJS
// module loaded once, its exported handler awaited with the event. Usage (from rehearse/lambda.ts):
//   node run-bundle.cjs BUNDLE_DIR MODULE.EXPORT EVENT_FILE RESULT_FILE FUNCTION_ARN
// The environment is the function's own (set by the caller); the handler gets a context object
// with what Lambda's holds (request id, function name, ARN, memory), as Powertools Logger reads it. Plain JavaScript on purpose: no
// TypeScript loader may stand between the deployed bundle and the runtime that runs it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

/** https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html */
function lambdaContext(functionArn) {
  const started = Date.now();
  return {
    awsRequestId: randomUUID(),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Number(process.env.REHEARSAL_TIMEOUT_MS) - (Date.now() - started),
  };
}

async function main() {
  const [bundleDir, handler, eventFile, resultFile, functionArn] = process.argv.slice(2);
  const dot = handler.lastIndexOf('.');
  const bundle = require(path.join(bundleDir, handler.slice(0, dot)));
  const result = await bundle[handler.slice(dot + 1)](JSON.parse(fs.readFileSync(eventFile, 'utf8')), lambdaContext(functionArn));
  fs.writeFileSync(resultFile, JSON.stringify(result === undefined ? null : result));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});

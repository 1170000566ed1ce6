// npm links the bins of dependencies, not the project's own; link `rapport` so that
// `node_modules/.bin/rapport` (and tools that look for it there) find the CLI after `npm ci`.
const fs = require('node:fs');
const path = require('node:path');
const binDir = path.join(__dirname, '..', 'node_modules', '.bin');
const link = path.join(binDir, 'rapport');
fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.join('..', '..', 'bin', 'rapport.js'), link);

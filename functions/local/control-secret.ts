import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The control API moves the clock and shows reply tokens, so only the `rapport` command may use
 * it: each start of the runtime writes a fresh random secret into the data folder, readable by
 * this account only (0600), and the command sends it back in this header. A web page can neither
 * read the file nor guess the value.
 */
export const CONTROL_SECRET_HEADER = 'x-rapport-secret';
const SECRET_BYTES = 32;

export function controlSecretFile(dataDir: string): string {
  return path.join(dataDir, 'control-secret');
}

/** A new secret for this instance; the old file is removed first so the 0600 mode applies to a file we created. */
export function createControlSecret(dataDir: string): string {
  const file = controlSecretFile(dataDir);
  const secret = randomBytes(SECRET_BYTES).toString('hex');
  rmSync(file, { force: true });
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

export function readControlSecret(dataDir: string): string | undefined {
  try {
    return readFileSync(controlSecretFile(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

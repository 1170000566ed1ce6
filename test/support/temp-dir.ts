import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh, empty directory for each test of the enclosing `describe`, removed after it, pass or
 * fail: no test reads what another left, and nothing piles up in the system's temp folder.
 */
export function tempDirPerTest(prefix: string): { readonly path: string } {
  let current: string | undefined;
  beforeEach(() => {
    current = mkdtempSync(path.join(tmpdir(), prefix));
  });
  afterEach(() => {
    if (current !== undefined) rmSync(current, { recursive: true, force: true });
  });
  return {
    get path() {
      if (current === undefined) throw new Error('tempDirPerTest: no directory outside a test');
      return current;
    },
  };
}

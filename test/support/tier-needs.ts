import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Need } from '../tiers';
import { corpusMissing } from './corpus';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => {
    try {
      accessSync(path.join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const MOTO_MISSING =
  'This test needs moto_server (the moto AWS emulator, a Python package) on PATH, and there is none. ' +
  'Install it with `pipx install "moto[server]"` or `pip install "moto[server]"` (docs/testing.md), then run it again.';

/** What is missing for each need, and how to get it; undefined when it is there. */
const MISSING = {
  corpus: corpusMissing,
  moto: () => (onPath('moto_server') ? undefined : MOTO_MISSING),
  'cfn-lint': () =>
    onPath('cfn-lint')
      ? undefined
      : 'This test needs cfn-lint on PATH, and there is none. Install it with `pipx install cfn-lint` or `pip install cfn-lint` (docs/testing.md).',
} satisfies Record<Need, () => string | undefined>;

/** Fails the test file, saying what is missing and how to get it, unless `need` is met: never a silent skip. */
export function demand(need: Need): void {
  const missing = MISSING[need]();
  if (missing !== undefined) throw new Error(missing);
}

import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Need } from '../tiers';
import { corpusMissing } from './corpus';

/** The system's Chromium (Debian's `chromium` package); playwright-core drives it and never downloads a browser. */
export const CHROMIUM = process.env.RAPPORT_CHROMIUM ?? '/usr/bin/chromium';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => isExecutable(path.join(folder, command)));
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
  chromium: () =>
    isExecutable(CHROMIUM)
      ? undefined
      : `This test needs Chromium at ${CHROMIUM}, and there is none. Install it with \`apt-get install chromium\` (Debian/Ubuntu), or point RAPPORT_CHROMIUM at a Chromium or Chrome binary (docs/testing.md).`,
} satisfies Record<Need, () => string | undefined>;

/** Fails the test file, saying what is missing and how to get it, unless `need` is met: never a silent skip. */
export function demand(need: Need): void {
  const missing = MISSING[need]();
  if (missing !== undefined) throw new Error(missing);
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TIERS } from '../tiers';

/**
 * The tiers of test/tiers.js hold every test file exactly once, and the commands that run them
 * follow the table: a test file left outside every tier would never run, one in two would run twice.
 */
const ROOT = path.resolve(__dirname, '../..');

function testFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(folder, file).split(path.sep).join('/'));
}

function tiersOf(file: string): string[] {
  return Object.entries(TIERS)
    .filter(([, tier]) => tier.folders.some((folder) => file.startsWith(`test/${folder}/`)))
    .map(([name]) => name);
}

describe('the test tiers', () => {
  it('put every test file in exactly one tier', () => {
    const files = [...testFiles('test'), ...testFiles('functions')];
    expect(files.length).toBeGreaterThan(70);
    const misplaced = files.filter((file) => tiersOf(file).length !== 1).map((file) => `${file}: ${tiersOf(file).join(', ') || 'no tier'}`);
    expect(misplaced).toEqual([]);
  });

  it('each have an npm script that runs that tier alone, and npm test is the fast one', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const [name, tier] of Object.entries(TIERS))
      expect(`${tier.script}: ${scripts[tier.script]}`).toBe(`${tier.script}: jest --selectProjects ${name}`);
    expect(TIERS[scripts.test!.replace('jest --selectProjects ', '')]).toBe(TIERS.fast);
  });

  it('all run in CI (.ci/run)', () => {
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    const listed = /^TIERS=\(\n([\s\S]*?)\n\)$/m.exec(ci)?.[1] ?? '';
    const names = listed.split('\n').map((line) => line.replace(/#.*/, '').trim());
    expect(names.sort()).toEqual(Object.keys(TIERS).sort());
  });
});

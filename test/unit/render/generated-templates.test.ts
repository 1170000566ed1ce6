import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_DIR, generateTemplateModules } from '../../../templates/build';
import { HANG_GUARD_MS } from '../../support/hang-guard';

describe('the compiled templates', () => {
  it(
    'are up to date with templates/ (run `npm run build:templates` if this fails)',
    async () => {
      const expected = await generateTemplateModules();
      // The shared HTML layout is one of them: a stale layout would change every email at once.
      expect(expected.has('html-layout.generated.ts')).toBe(true);
      const onDisk = (await readdir(GENERATED_DIR)).filter((f) => f.endsWith('.generated.ts')).sort();
      expect(onDisk).toEqual([...expected.keys()].sort());
      for (const [file, text] of expected) expect(await readFile(path.join(GENERATED_DIR, file), 'utf8')).toBe(text);
    },
    HANG_GUARD_MS,
  );
});

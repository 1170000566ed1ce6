import { readFile } from 'node:fs/promises';
import { GENERATED_FILE, generateTemplatesModule } from '../../../templates/build';

describe('the compiled templates', () => {
  it('are up to date with templates/ (run `npm run build:templates` if this fails)', async () => {
    expect(await readFile(GENERATED_FILE, 'utf8')).toBe(await generateTemplatesModule());
  });
});

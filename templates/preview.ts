/**
 * Writes every email kind, rendered from the fixtures, to preview/ as .html and .txt, so they
 * can be opened in a browser or a mail client. Run: npm run preview
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderAll } from './fixture-renders';
import { FIXTURES } from './fixtures';

const OUT = path.join(__dirname, '..', 'preview');

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const index: string[] = [];
  for (const [fixtureName, fixture] of Object.entries(FIXTURES)) {
    for (const { name, email } of renderAll(fixture)) {
      const base = `${fixtureName}--${name}`;
      await writeFile(path.join(OUT, `${base}.html`), email.html);
      await writeFile(path.join(OUT, `${base}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      index.push(`<li><a href="${base}.html">${base}</a> · <a href="${base}.txt">text</a></li>`);
    }
  }
  await writeFile(
    path.join(OUT, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>Rapport emails</title><ul>${index.join('')}</ul>`,
  );
  process.stdout.write(`wrote ${index.length} emails to ${path.relative(process.cwd(), OUT)}/\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

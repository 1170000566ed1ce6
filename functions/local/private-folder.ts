import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds the table, the outbox (with reply tokens in it) and the secrets, so only
 * this account may read it: every file the process creates from now on is 0600 and every folder
 * 0700 (the umask covers files written by libraries too, such as LevelDB's), and what an older
 * version left readable is closed up once, at start.
 */
export function makePrivateDataFolder(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const closeUp = (folder: string) => {
    chmodSync(folder, 0o700);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) closeUp(file);
      else if (entry.isFile()) chmodSync(file, 0o600);
    }
  };
  closeUp(dataDir);
}

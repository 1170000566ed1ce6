import path from 'node:path';

/**
 * Where a running instance says it listens, so `rapport` commands find it even on ports picked at
 * random. Its own module: the CLI reads it without loading the runtime (dynalite, smtp-server).
 */
export function instanceFile(dataDir: string): string {
  return path.join(dataDir, 'instance.json');
}

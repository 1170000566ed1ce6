import { existsSync, readFileSync } from 'node:fs';
import { readLocalConfig } from '../config';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../control-secret';
import { instanceFile } from '../instance-file';

export interface Instance {
  smtpPort: number;
  webPort: number;
  domain: string;
  /** The running instance's control secret, read from its data folder (absent when none runs). */
  secret?: string;
}

/**
 * The running instance, found from the same variables `npm start` reads; when a port variable is
 * not set, from what the instance wrote in its data folder (it may have picked a free port).
 */
export function findInstance(env: NodeJS.ProcessEnv = process.env): Instance {
  const config = readLocalConfig(env);
  const file = instanceFile(config.dataDir);
  const written = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Instance>) : {};
  const secret = readControlSecret(config.dataDir);
  return {
    ...(secret ? { secret } : {}),
    smtpPort: env.RAPPORT_SMTP_PORT ? config.smtpPort : (written.smtpPort ?? config.smtpPort),
    webPort: env.RAPPORT_WEB_PORT ? config.webPort : (written.webPort ?? config.webPort),
    domain: env.RAPPORT_DOMAIN ? config.domain : (written.domain ?? config.domain),
  };
}

export async function callInstance<T>(instance: Instance, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${instance.webPort}${path}`, {
      method,
      headers: {
        ...(instance.secret ? { [CONTROL_SECRET_HEADER]: instance.secret } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new Error(`no Rapport instance answers on 127.0.0.1:${instance.webPort}; start one with \`npm start\``);
  }
  const payload = (await response.json()) as T & { error?: string };
  if (response.status === 401) {
    // The secret is in the data folder of the instance: another folder, or another account, has none.
    throw new Error(
      `the instance on 127.0.0.1:${instance.webPort} refused this command: run it with the RAPPORT_DATA_DIR of that \`npm start\`, as the same user`,
    );
  }
  if (!response.ok) throw new Error(payload.error ?? `HTTP ${response.status}`);
  return payload;
}

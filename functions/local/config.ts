import path from 'node:path';
import { z } from '../commons/zod';

/** Local runtime settings: defaults for one machine, overridable by environment variables. */
const Port = z.coerce.number().int().min(0).max(65535);

const LocalEnv = z.object({
  RAPPORT_SMTP_PORT: Port.default(2525),
  RAPPORT_WEB_PORT: Port.default(8005),
  RAPPORT_DATA_DIR: z.string().min(1).default('.rapport'),
  RAPPORT_NOW: z
    .string()
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  RAPPORT_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i)
    .default('rapport.localhost'),
  /** Comma-separated addresses or domains; on your own machine anyone may use it. */
  RAPPORT_ALLOWED_SENDERS: z.string().default('*'),
  /** Largest inbound message the SMTP server accepts (SES's limit is 40 MB, MAX_MESSAGE_BYTES; the local default is smaller). */
  RAPPORT_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Who reads replies to the help email (they land in the outbox, addressed to them); unset, a reply gets help again. */
  RAPPORT_OPERATOR_EMAIL: z.string().email().optional(),
  /** How often the scheduler timer looks for due reminders. */
  RAPPORT_TICK_MS: z.coerce.number().int().min(50).default(1000),
});

export interface LocalConfig {
  smtpPort: number;
  webPort: number;
  dataDir: string;
  startAt?: Date;
  domain: string;
  allowedSenders: string[];
  maxMessageBytes: number;
  tickMs: number;
  operatorEmail?: string;
  /** How many schedules one tick fires at most (tests lower it); MAX_FIRINGS_PER_TICK by default. */
  maxFiringsPerTick?: number;
  /** How many SMTP connections one client may hold open at once (tests lower it); MAX_CONNECTIONS_PER_CLIENT by default. */
  maxSmtpConnectionsPerClient?: number;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    smtpPort: e.RAPPORT_SMTP_PORT,
    webPort: e.RAPPORT_WEB_PORT,
    dataDir: path.resolve(e.RAPPORT_DATA_DIR),
    ...(e.RAPPORT_NOW ? { startAt: e.RAPPORT_NOW } : {}),
    domain: e.RAPPORT_DOMAIN.toLowerCase(),
    allowedSenders: e.RAPPORT_ALLOWED_SENDERS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    maxMessageBytes: e.RAPPORT_MAX_MESSAGE_BYTES,
    tickMs: e.RAPPORT_TICK_MS,
    ...(e.RAPPORT_OPERATOR_EMAIL ? { operatorEmail: e.RAPPORT_OPERATOR_EMAIL } : {}),
  };
}

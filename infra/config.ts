import { z } from 'zod';

/**
 * The domain used when none is configured. `example.com` is reserved (RFC 2606), so a stack
 * synthesized with it can be tested and linted but never receives mail; the stack warns when it
 * is used so that nobody deploys it by accident.
 */
export const PLACEHOLDER_DOMAIN = 'rapport.example.com';

/** Raw messages hold personal data; they are only needed until the inbound workflow has run. */
export const DEFAULT_RAW_MAIL_RETENTION_DAYS = 30;

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** `alice@example.com` (one address) or `example.com` / `@example.com` (everyone at a domain). */
const AllowedSender = z
  .string()
  .trim()
  .toLowerCase()
  .transform((entry) => entry.replace(/^@/, ''))
  .refine((entry) => z.email().safeParse(entry).success || DOMAIN.test(entry), 'must be an email address or a domain');

export const RapportConfig = z.object({
  domain: z.string().trim().toLowerCase().regex(DOMAIN, 'must be a domain name such as mail.example.org'),
  allowedSenders: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(z.array(AllowedSender)),
  hostedZoneId: z
    .string()
    .trim()
    .regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABC')
    .optional(),
  rawMailRetentionDays: z.coerce.number().int().min(1).max(3650).default(DEFAULT_RAW_MAIL_RETENTION_DAYS),
  alarmEmail: z.email().optional(),
  /**
   * The deployment's name (`prod`, `staging`, a developer's): the stack is `Rapport-<stage>`, so
   * every resource named after it (functions, schedule group, rule set) carries it, and every
   * resource is tagged with it. Without one, the stack is `Rapport`.
   */
  stage: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9]{0,11}$/, 'must be a short lower-case name such as prod or staging')
    .optional(),
  /** Where replies to the help email go (OPERATOR_EMAIL of the workflow functions). */
  operatorEmail: z.email().optional(),
  /**
   * X-Ray active tracing on every function (and the grant to write traces). Off by default: traces
   * cost once past X-Ray's free tier, and the logs carry the request id (docs/operations.md "Logs").
   */
  tracing: z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]).default(false),
  /** The least severe log line the functions write (POWERTOOLS_LOG_LEVEL); DEBUG when investigating. */
  logLevel: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']))
    .default('INFO'),
});
export type RapportConfig = z.infer<typeof RapportConfig>;

/** Where each setting can come from: CDK context key (`-c domain=…`) first, then this variable. */
export const CONFIG_SOURCES = {
  domain: 'RAPPORT_DOMAIN',
  allowedSenders: 'RAPPORT_ALLOWED_SENDERS',
  hostedZoneId: 'RAPPORT_HOSTED_ZONE_ID',
  rawMailRetentionDays: 'RAPPORT_RAW_MAIL_RETENTION_DAYS',
  alarmEmail: 'RAPPORT_ALARM_EMAIL',
  stage: 'RAPPORT_STAGE',
  operatorEmail: 'RAPPORT_OPERATOR_EMAIL',
  tracing: 'RAPPORT_TRACING',
  logLevel: 'RAPPORT_LOG_LEVEL',
} as const satisfies Record<keyof RapportConfig, string>;

export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Reads one setting from CDK context (any JSON value) or the environment; empty means unset. */
export type SettingReader = (contextKey: keyof RapportConfig) => unknown;

/**
 * Builds the validated configuration. Fails fast with every problem listed, so a typo in
 * `cdk.json` or the shell stops `cdk synth` instead of producing a stack that drops mail.
 * `domain` falls back to {@link PLACEHOLDER_DOMAIN}; `usedPlaceholderDomain` says so.
 */
export function loadConfig(
  readContext: SettingReader,
  env: NodeJS.ProcessEnv = process.env,
): { config: RapportConfig; usedPlaceholderDomain: boolean } {
  const raw: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(CONFIG_SOURCES) as [keyof RapportConfig, string][]) {
    const value = readContext(key) ?? env[variable];
    if (value !== undefined && value !== '') raw[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const usedPlaceholderDomain = raw.domain === undefined;
  if (usedPlaceholderDomain) raw.domain = PLACEHOLDER_DOMAIN;

  const parsed = RapportConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new InvalidConfigError(`Invalid Rapport configuration:\n${problems.join('\n')}`, { cause: parsed.error });
  }
  return { config: parsed.data, usedPlaceholderDomain };
}

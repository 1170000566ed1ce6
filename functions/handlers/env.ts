import { z } from '../commons/zod';

/** The environment the stack gives the functions that run workflows (awsDeps reads it on their first invocation). */
const LambdaEnv = z.object({
  TABLE_NAME: z.string().min(1),
  MAIL_DOMAIN: z.string().min(1),
  ALLOWED_SENDERS: z.string().default(''),
  SCHEDULE_GROUP_NAME: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().startsWith('arn:'),
  REMINDER_FUNCTION_ARN: z.string().startsWith('arn:'),
  DIGEST_FUNCTION_ARN: z.string().startsWith('arn:'),
  /** The SSM SecureString parameter holding the reply-token key (created on first use). */
  TOKEN_KEY_PARAMETER: z.string().regex(/^\/[A-Za-z0-9_./-]{1,1010}$/),
  /** Where SES keeps raw mail: `delete my data` deletes the user's. */
  RAW_MAIL_BUCKET: z.string().min(1),
  RAW_MAIL_PREFIX: z.string().default('inbound/'),
  SES_CONFIGURATION_SET: z.string().optional(),
  SCHEDULE_DLQ_ARN: z.string().startsWith('arn:').optional(),
  /** The send queue (docs/operations.md "The send queue"); unset, emails go to SES directly. */
  SEND_QUEUE_URL: z.string().url().optional(),
  /** The one-click unsubscribe link's base (the unsubscribe function's URL + `unsubscribe`); RFC 8058 wants HTTPS. Unset: the mailto only. */
  UNSUBSCRIBE_URL: z.string().url().startsWith('https://').optional(),
  /** Who reads replies to the help email; unset, a reply gets help again. */
  OPERATOR_EMAIL: z.string().email().optional(),
});
export type LambdaEnv = z.infer<typeof LambdaEnv>;

/**
 * A function's environment, checked against its schema (LambdaEnv, or a narrower one for a function
 * that may touch less): every handler reads it this way, on its first invocation, so a bad value
 * fails that invocation naming the variable, and the next invocation reads it again.
 */
export function readEnv<Schema extends z.ZodType = typeof LambdaEnv>(
  env: NodeJS.ProcessEnv = process.env,
  schema: Schema = LambdaEnv as unknown as Schema,
): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(`invalid function environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function listOf(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

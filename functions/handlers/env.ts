import { z } from '../commons/zod';

/** The environment the stack gives every function; read once, and a missing value fails the cold start, not a request. */
const LambdaEnv = z.object({
  TABLE_NAME: z.string().min(1),
  MAIL_DOMAIN: z.string().min(1),
  ALLOWED_SENDERS: z.string().default(''),
  SCHEDULE_GROUP_NAME: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().startsWith('arn:'),
  REMINDER_FUNCTION_ARN: z.string().startsWith('arn:'),
  DIGEST_FUNCTION_ARN: z.string().startsWith('arn:'),
  TOKEN_SECRET_ARN: z.string().startsWith('arn:'),
  /** Where SES keeps raw mail: `delete my data` deletes the user's. */
  RAW_MAIL_BUCKET: z.string().min(1),
  RAW_MAIL_PREFIX: z.string().default('inbound/'),
  SES_CONFIGURATION_SET: z.string().optional(),
  SCHEDULE_DLQ_ARN: z.string().startsWith('arn:').optional(),
  /** Who reads replies to the help email; unset, a reply gets help again. */
  OPERATOR_EMAIL: z.string().email().optional(),
});
export type LambdaEnv = z.infer<typeof LambdaEnv>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const parsed = LambdaEnv.safeParse(env);
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

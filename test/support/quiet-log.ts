import type { Logger } from '../../functions/ports';

/** Log lines dropped: a test reads what the user sees (SMTP answers, the outbox, the email sent), not logs. */
export const QUIET_LOG: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

import type { User } from '../domain/model';
import type { Deps } from './deps';
import { syncDigestSchedule } from './digest-schedule';
import { syncReminders } from './reminders';
import { counted } from '../commons/counted';

/**
 * What is kept outside the table and expires on its own, as the deployment defines it (infra/):
 * told to the user with every deletion, and in docs/security.md, so "deleted" is never more
 * than is true.
 */
const EXPIRES_ON_ITS_OWN = [
  'Database backups (point-in-time recovery) still hold it for up to 35 days.',
  'A message of yours that failed processing may wait in a dead-letter queue for up to 14 days.',
  'Logs, which never contain the text of your emails but may contain your address, are kept 30 days.',
  'If Rapport stopped mailing your address after a bounce or a complaint, that record stays, so it never mails you again.',
  'Raw mail Rapport never linked to you (sent before you were a user and not logged, or from another address) expires from the mail store after 30 days.',
] as const;

/**
 * "Yes, delete my data", confirmed: every schedule of the user (reminders, weekly digest), the
 * raw copies of the mail they sent (recorded per user as it arrived, this reply included), then
 * every item of their partition and their address mapping. The table goes last, so a crash
 * halfway leaves the records a retry needs to find and delete the rest; every step is safe to repeat.
 * Returns what the user is told: what is gone, and what expires on its own and when.
 */
export async function deleteUser(deps: Deps, user: User): Promise<string[]> {
  const all = await deps.store.listInterviews(user.userId, { fromUtc: '0000-01-01T00:00:00Z', toUtc: '9999-12-31T00:00:00Z' });
  for (const interview of all) await syncReminders(deps, { ...interview, status: 'cancelled' }, user);
  await syncDigestSchedule(deps, { ...user, digest: { ...user.digest, enabled: false } });
  const rawMail = await deps.store.listRawMail(user.userId);
  for (const key of rawMail) await deps.rawMail.delete(key);
  await deps.store.deleteUserData(user.userId);
  return [
    `Deleted your profile, ${counted(all.length, 'interview')} with their notes, your contacts and referrals, every reminder and digest still scheduled, and the raw copies of ${counted(rawMail.length, 'email')} you sent Rapport (this one included).`,
    ...EXPIRES_ON_ITS_OWN,
    'Forward an invitation any time to start again.',
  ];
}

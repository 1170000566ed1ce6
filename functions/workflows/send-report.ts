import type { ReportKind } from '../domain/follow-up-commands';
import type ExportFiles = require('../export/export-files');
import type MailPacking = require('../export/mail-packing');
import { actionListIdFor } from '../domain/ids';
import type { ActionItem, ReportEvent, User } from '../domain/model';
import { CONTACTS_SHOWN, renderContacts } from '../emails/contacts';
import { renderExport } from '../emails/export';
import { renderList } from '../emails/list';
import type { RenderedEmail } from '../emails/shared';
import type { ReplyTarget } from '../domain/reply-token';
import type { HistoryRecords, OutboundAttachment } from '../ports';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { sendOnce, type SendOutcome } from './send-once';

/** How far `list` looks ahead and back. */
const LIST_WINDOW = { upcomingDays: 60, recentDays: 30 } as const;
const DAY_MS = 86_400_000;

interface Report {
  rendered: RenderedEmail;
  replyTo: ReplyTarget;
  attachments?: OutboundAttachment[];
}

type ReportWriter = (deps: Deps, user: User, sendKey: string) => Promise<Report>;

/** Each report, by the word that asks for it. */
const REPORTS: Record<ReportKind, ReportWriter> = {
  list: async (deps, user) => {
    const now = deps.clock.now();
    const [upcoming, recent] = await Promise.all([
      deps.store.listInterviews(user.userId, {
        fromUtc: now.toISOString(),
        toUtc: new Date(now.getTime() + LIST_WINDOW.upcomingDays * DAY_MS).toISOString(),
      }),
      deps.store.listInterviews(user.userId, {
        fromUtc: new Date(now.getTime() - LIST_WINDOW.recentDays * DAY_MS).toISOString(),
        toUtc: now.toISOString(),
      }),
    ]);
    return {
      rendered: renderList({ user, now, upcoming, recent, ...LIST_WINDOW, domain: deps.config.domain }),
      replyTo: { kind: 'help', userId: user.userId },
    };
  },
  contacts: async (deps, user, sendKey) => {
    const now = deps.clock.now();
    const [due, totals, recentInterviews] = await Promise.all([
      deps.store.listDue(user.userId, { untilUtc: now.toISOString(), limit: CONTACTS_SHOWN }),
      deps.store.getTotals(user.userId),
      deps.store.listInterviews(user.userId, {
        fromUtc: new Date(now.getTime() - LIST_WINDOW.recentDays * DAY_MS).toISOString(),
        toUtc: now.toISOString(),
      }),
    ]);
    const listId = actionListIdFor(user.userId, sendKey);
    const items: (ActionItem & { detail?: string })[] = due.entries.map((entry, i) => ({
      n: i + 1,
      kind: entry.kind,
      ref: entry.ref,
      dueUtc: entry.dueUtc,
      label: entry.label,
      ...(entry.detail ? { detail: entry.detail } : {}),
    }));
    await deps.store.putActionList({
      userId: user.userId,
      listId,
      createdAt: now.toISOString(),
      items: items.map(({ detail: _detail, ...item }) => item),
    });
    const met = [...new Set(recentInterviews.reverse().flatMap((i) => (i.contact ? [i.contact.email] : [])))].slice(0, CONTACTS_SHOWN);
    const recent = (await Promise.all(met.map((email) => deps.store.getContact(user.userId, email)))).filter((c) => c !== undefined);
    return {
      rendered: renderContacts({
        user,
        now,
        due: items,
        dueMore: due.more,
        recent,
        totalContacts: totals.contacts,
        domain: deps.config.domain,
      }),
      replyTo: { kind: 'contacts', userId: user.userId, interviewId: listId },
    };
  },
  export: async (deps, user) => {
    // Loaded on the first export, not at the reminder function's cold start, which would otherwise
    // load the export writers for every prep brief (bench/cold-load.ts). (require, not
    // import(): tsc's node16 resolution would treat import() as ESM.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeExportFiles } = require('../export/export-files') as typeof ExportFiles;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { packForMail } = require('../export/mail-packing') as typeof MailPacking;
    // Page by page, never all at once (docs/benchmarks.md, "Export at any size").
    const pages =
      <K extends keyof HistoryRecords>(kind: K) =>
      () =>
        deps.store.historyPages(user.userId, kind);
    const source = { interviews: pages('interviews'), contacts: pages('contacts'), notes: pages('notes') };
    const now = deps.clock.now();
    const { files, interviews, contacts } = await writeExportFiles(source, { zone: user.timeZone, nowUtc: now.toISOString() });
    const { packing, attachments } = packForMail(files, now);
    return {
      rendered: renderExport({ user, interviews, contacts, packing, domain: deps.config.domain }),
      replyTo: { kind: 'help', userId: user.userId },
      attachments,
    };
  },
};

/** Writes and sends a report once per asking message (the key names the message that asked). */
export async function sendReport(deps: Deps, event: ReportEvent): Promise<SendOutcome | 'gone'> {
  const user = await deps.store.getUser(event.userId);
  if (!user) return 'gone';
  const kind = event.report;
  const asked = { messageKey: event.messageKey, ...(event.inReplyTo ? { inReplyTo: event.inReplyTo } : {}) };
  const sendKey = `${kind}#${asked.messageKey}`;
  const report = await REPORTS[kind](deps, user, sendKey);
  const envelope = { to: user.email, replyTo: report.replyTo, thread: asked.inReplyTo, autoSubmitted: 'auto-replied' } as const;
  const content = { ...report.rendered, ...(report.attachments ? { attachments: report.attachments } : {}) };
  return sendOnce(deps, user.userId, sendKey, await outboundEmail(deps, envelope, content));
}

/**
 * Type-level tests (compiled by `npm run typecheck`, never run by jest), on the pattern of
 * dispatch-tables.ts: each table that schedules or runs a reminder must name every kind, so a kind
 * added to the model halfway fails `tsc`. The control assignment must compile; the one with an extra
 * kind must not (were it to compile, its unused `@ts-expect-error` would fail `tsc` instead).
 */
import type { OneTimeEvent, ReminderKind } from '../../functions/domain/model';
import { type PlanInput, REMINDER_PLANNERS } from '../../functions/domain/time-rules';
import { ONE_TIME_WORKFLOWS, type OneTimeWorkflows } from '../../functions/workflows/run-scheduled';
import { sendReminder } from '../../functions/workflows/send-reminder';
import { sendReport } from '../../functions/workflows/send-report';

// Reminder kinds (time-rules.ts): one planner per kind, so a new kind is scheduled or fails to compile.
type Planner = (input: PlanInput) => Date | undefined;
export const everyReminderPlanned: Record<ReminderKind, Planner> = REMINDER_PLANNERS;
// @ts-expect-error -- a new kind 'follow-up' has no planner: before the table it compiled and was never scheduled
export const newReminderUnplanned: Record<ReminderKind | 'follow-up', Planner> = REMINDER_PLANNERS;

// One-time schedules (run-scheduled.ts): one workflow per kind a schedule carries.
export const everyOneTimeKind: OneTimeWorkflows = ONE_TIME_WORKFLOWS;
type FollowUpCheck = { kind: 'follow-up-check'; userId: string };
// @ts-expect-error -- a new event kind 'follow-up-check' has no workflow
export const newOneTimeKind: OneTimeWorkflows<OneTimeEvent | FollowUpCheck> = ONE_TIME_WORKFLOWS;

// A workflow must take its own kind's event: the report sender cannot send a prep brief.
export const rightWorkflow: OneTimeWorkflows = { ...ONE_TIME_WORKFLOWS, 'prep-brief': sendReminder };
export const wrongWorkflow: OneTimeWorkflows = {
  ...ONE_TIME_WORKFLOWS,
  // @ts-expect-error -- sendReport takes a ReportEvent, not a reminder's
  'prep-brief': sendReport,
};

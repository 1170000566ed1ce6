import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { OneTimeSchedule, Scheduler, WeeklySchedule } from '../../ports';
import { SCHEDULE_RETRY_POLICY } from '../schedule-retry-policy';

/**
 * A weekly digest fires at some minute of the hour after its time (08:00–09:00), chosen by
 * Scheduler, not at the minute itself: the digests of many users in one zone spread over an hour
 * instead of reaching SES's sending rate (14 a second by default) in the same second.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
 */
export const DIGEST_WINDOW_MINUTES = 60;

export interface ScheduleTarget {
  /** The Lambda function the schedule invokes. */
  arn: string;
  /** The role EventBridge Scheduler assumes to invoke it. */
  roleArn: string;
}

interface EventBridgeSchedulerOptions {
  client: SchedulerClient;
  groupName: string;
  /** Invoked by one-time schedules with a ReminderEvent. */
  reminderTarget: ScheduleTarget;
  /** Invoked by weekly schedules with a DigestEvent. */
  digestTarget: ScheduleTarget;
  /** Where Scheduler puts an event it could not deliver after its retries. */
  deadLetterArn?: string;
}

/** EventBridge Scheduler's day-of-week names, indexed by ISO weekday (1 = Monday). */
const CRON_DAYS = ['', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/**
 * One-time `at()` expressions are written in UTC: a local wall time that a spring-forward skips
 * would never fire.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
function atExpression(atUtc: Date): string {
  return `at(${atUtc.toISOString().slice(0, 19)})`;
}

/** `cron(minutes hours day-of-month month day-of-week year)`, evaluated in the schedule's time zone. */
function weeklyCronExpression(weekday: number, time: string): string {
  const day = CRON_DAYS[weekday];
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!day || !match) throw new RangeError(`not a weekly time: weekday ${weekday} at ${time}`);
  return `cron(${Number(match[2])} ${Number(match[1])} ? * ${day} *)`;
}

/**
 * The Scheduler port over EventBridge Scheduler. Names are deterministic, so a create that
 * conflicts means the schedule exists: it is updated (moved) instead.
 */
export class EventBridgeScheduler implements Scheduler {
  constructor(private readonly options: EventBridgeSchedulerOptions) {}

  async scheduleOnce(schedule: OneTimeSchedule): Promise<void> {
    await this.upsert({
      Name: schedule.name,
      GroupName: this.options.groupName,
      ScheduleExpression: atExpression(schedule.atUtc),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: this.target(this.options.reminderTarget, schedule.event),
    });
  }

  async scheduleWeekly(schedule: WeeklySchedule): Promise<void> {
    await this.upsert({
      Name: schedule.name,
      GroupName: this.options.groupName,
      ScheduleExpression: weeklyCronExpression(schedule.weekday, schedule.time),
      ScheduleExpressionTimezone: schedule.timeZone,
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: DIGEST_WINDOW_MINUTES },
      ActionAfterCompletion: 'NONE',
      Target: this.target(this.options.digestTarget, schedule.event),
    });
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.options.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  private target(target: ScheduleTarget, event: object) {
    return {
      Arn: target.arn,
      RoleArn: target.roleArn,
      Input: JSON.stringify(event),
      RetryPolicy: SCHEDULE_RETRY_POLICY,
      ...(this.options.deadLetterArn ? { DeadLetterConfig: { Arn: this.options.deadLetterArn } } : {}),
    };
  }

  /** UpdateSchedule replaces every field, so it takes the same full input as CreateSchedule. */
  private async upsert(input: CreateScheduleCommandInput): Promise<void> {
    try {
      await this.options.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.options.client.send(new UpdateScheduleCommand(input));
    }
  }
}

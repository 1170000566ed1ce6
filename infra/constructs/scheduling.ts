import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { lastStopQueue } from './queues';

export interface SchedulingProps {
  /** Group names allow `[0-9a-zA-Z-_.]{1,64}`; the stack name always fits. */
  readonly groupName: string;
  /** The only functions a schedule may invoke (ARNs, so that no cycle through the functions arises). */
  readonly targetFunctionArns: string[];
}

/**
 * Where reminders and digests wait: a schedule group the functions create one-time and
 * recurring schedules in, the role those schedules run as, and the queue a schedule falls back
 * to when it cannot invoke its target. Retry policy and the dead-letter queue are set by whoever
 * calls CreateSchedule (`Target.RetryPolicy`, `Target.DeadLetterConfig.Arn`): a group carries none.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export class Scheduling extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  readonly groupName: string;
  /** `arn:…:schedule/<group>/*`: what the functions may create, update and delete. */
  readonly schedulesArn: string;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.groupName = props.groupName;
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    const groupArn = stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: props.groupName });
    this.schedulesArn = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${props.groupName}/*` });

    this.deadLetterQueue = lastStopQueue(
      this,
      'DeadLetterQueue',
      'This queue is itself the dead-letter queue of the schedules (Target.DeadLetterConfig); a DLQ of a DLQ has no use.',
    );

    // Confused-deputy guard: only schedules of this account, in this group, can assume the role.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html
    this.role = new iam.Role(this, 'InvokeRole', {
      description: 'Assumed by EventBridge Scheduler to invoke the Rapport reminder and digest functions',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': groupArn } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: props.targetFunctionArns }));
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
  }
}

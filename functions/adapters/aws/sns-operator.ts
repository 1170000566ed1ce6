import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Operator, OperatorNotice } from '../../ports';

/**
 * The Operator port over the stack's alarm topic: the same topic (and email subscription) the
 * CloudWatch alarms use, so the operator has one place to watch.
 */
export class SnsOperator implements Operator {
  constructor(private readonly options: { client: SNSClient; topicArn: string }) {}

  async tell(notice: OperatorNotice): Promise<void> {
    await this.options.client.send(
      new PublishCommand({ TopicArn: this.options.topicArn, Subject: notice.subject, Message: notice.message }),
    );
  }
}

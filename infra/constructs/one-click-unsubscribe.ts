import { Fn } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { UNSUBSCRIBE_PATH } from '../../functions/domain/unsubscribe';

export interface OneClickUnsubscribeProps {
  /** The function that answers the link (functions/handlers/unsubscribe.ts). */
  readonly handler: lambda.IFunction;
  /** The functions whose emails carry the link: the digest's and the keep-in-touch email's. */
  readonly senders: readonly lambda.Function[];
}

/**
 * The HTTPS endpoint of `List-Unsubscribe`'s one-click link (RFC 8058 requires HTTPS): a Lambda
 * function URL, the cheapest endpoint there is (no API Gateway, billed per request). It has no
 * IAM auth because mail providers call it; the signed token in the path is the authority. Its URL
 * is known only once deployed, so the senders get it as `UNSUBSCRIBE_URL`
 * (functions/handlers/env.ts); the unsubscribe function itself never links to itself.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
export class OneClickUnsubscribe extends Construct {
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: OneClickUnsubscribeProps) {
    super(scope, id);
    this.url = new lambda.FunctionUrl(this, 'Url', { function: props.handler, authType: lambda.FunctionUrlAuthType.NONE });
    // The URL ends in "/": the base of every link is `<url>unsubscribe`, a token is appended after one more "/".
    const base = Fn.join('', [this.url.url, UNSUBSCRIBE_PATH.replace(/^\/|\/$/g, '')]);
    for (const sender of props.senders) sender.addEnvironment('UNSUBSCRIBE_URL', base);
  }
}

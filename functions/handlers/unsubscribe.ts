import { withLogContext } from '../adapters/aws/powertools-logger';
import { z } from '../commons/zod';
import { withReadableStacks } from '../commons/stack-trace';
import { UNSUBSCRIBE_PATH } from '../domain/unsubscribe';
import { answerUnsubscribeRequest, MAX_UNSUBSCRIBE_BODY } from '../workflows/unsubscribe-request';
import { awsDeps } from './aws-deps';

/**
 * The Lambda function URL of the one-click unsubscribe link (RFC 8058), payload format 2.0:
 * `POST /unsubscribe/<token>` with `List-Unsubscribe=One-Click`. Anyone on the internet can call
 * it, so the request is bounded here and the signed token is its only authority
 * (workflows/unsubscribe-request.ts, the same answer as the local web server's).
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
const FunctionUrlRequest = z.object({
  rawPath: z.string().max(300),
  requestContext: z.object({ http: z.object({ method: z.string().max(16) }) }),
  body: z
    .string()
    .max(2 * MAX_UNSUBSCRIBE_BODY)
    .optional(),
  isBase64Encoded: z.boolean().default(false),
});

interface FunctionUrlResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

async function handle(event: unknown): Promise<FunctionUrlResponse> {
  const request = FunctionUrlRequest.safeParse(event);
  if (!request.success) return { statusCode: 400, headers: { ...HEADERS, 'content-type': 'text/plain' }, body: 'bad request' };
  const { rawPath, requestContext, body = '', isBase64Encoded } = request.data;
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > MAX_UNSUBSCRIBE_BODY)
    return { statusCode: 413, headers: { ...HEADERS, 'content-type': 'text/plain' }, body: 'too large' };
  const token = rawPath.startsWith(UNSUBSCRIBE_PATH) ? rawPath.slice(UNSUBSCRIBE_PATH.length) : '';
  const answer = await answerUnsubscribeRequest(awsDeps(), { method: requestContext.http.method, token, body: text });
  return { statusCode: answer.status, headers: { ...HEADERS, 'content-type': answer.contentType }, body: answer.body };
}

export const handler = withLogContext(withReadableStacks(handle));

/**
 * Between the deployed functions and the emulator: forwards every AWS call unchanged, except the
 * ones a fault rule names, which get the answer AWS gives when it throttles or fails (the SDK's
 * own retries then run as they would in Lambda). The rehearsal itself talks to the emulator directly.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `service:Operation` as IAM names it, e.g. `ses:SendEmail`, `dynamodb:PutItem`. */
export type AwsCall = string;

export interface FaultRule {
  /** A call, `*` for every call, or `*` with `except`. */
  call: AwsCall;
  /** Calls a `*` rule leaves alone. */
  except?: AwsCall[];
  /**
   * `throttle`: the service's throttling error; `5xx`: 503 Service Unavailable; `timeout`: the call
   * reaches the emulator and takes effect, then the connection drops before the answer (a timeout
   * after the effect, the case a retry must not double).
   */
  fault: 'throttle' | '5xx' | 'timeout';
  /** How many matching calls fail (then the rule is spent); every one when absent. */
  times?: number;
  /** The share of matching calls that fail, drawn from the proxy's random source; all when absent. */
  chance?: number;
}

/** The call a request makes, from its signature scope and its target header or REST path. */
function callOf(req: IncomingMessage): AwsCall {
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '?';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}:${target.split('.').pop()}`;
  if (service === 'ses' && req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) return 'ses:SendEmail';
  if (service === 'scheduler' && req.url?.startsWith('/schedules/')) {
    return `scheduler:${{ POST: 'CreateSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule', GET: 'GetSchedule' }[req.method ?? ''] ?? '?'}`;
  }
  return `${service}:?`;
}

/** The error body each service's SDK reads as its throttling error. */
function faultAnswer(call: AwsCall, fault: FaultRule['fault']): { status: number; headers: Record<string, string>; body: string } {
  if (fault === '5xx') {
    return { status: 503, headers: { 'x-amzn-ErrorType': 'ServiceUnavailable' }, body: '{"message":"Service Unavailable"}' };
  }
  if (call.startsWith('ses:')) {
    return {
      status: 429,
      headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' },
      body: '{"message":"Maximum sending rate exceeded."}',
    };
  }
  return {
    status: 400,
    headers: { 'x-amzn-ErrorType': 'ThrottlingException' },
    body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}',
  };
}

export class FaultProxy {
  private rules: (FaultRule & { left: number })[] = [];
  /** Faults answered so far, per call. */
  readonly injected = new Map<AwsCall, number>();
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  /** Draws for `chance` rules; a seeded one makes a run repeatable. */
  random: () => number = Math.random;

  static async start(emulatorEndpoint: string): Promise<FaultProxy> {
    const target = new URL(emulatorEndpoint);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.handle(req, res, target));
    return proxy;
  }

  /** Replaces the rules in force (none: every call passes). */
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  private handle(req: IncomingMessage, res: ServerResponse, target: URL): void {
    const call = callOf(req);
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.call === call || (r.call === '*' && !r.except?.includes(call))) &&
        (r.chance === undefined || this.random() < r.chance),
    );
    if (rule) {
      rule.left -= 1;
      this.injected.set(call, (this.injected.get(call) ?? 0) + 1);
      if (rule.fault === 'timeout') {
        this.forward(req, res, target, () => res.destroy());
        return;
      }
      const answer = faultAnswer(call, rule.fault);
      req.resume();
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers }).end(answer.body);
      return;
    }
    this.forward(req, res, target);
  }

  /** Passes the call to the emulator; with `dropAnswer`, its answer is read in full and never passed back. */
  private forward(req: IncomingMessage, res: ServerResponse, target: URL, dropAnswer?: () => void): void {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (dropAnswer) {
          answer.resume();
          answer.on('end', dropAnswer);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(upstream);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

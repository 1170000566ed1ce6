/**
 * Fault injection over real adapters: every port a workflow holds is wrapped so that the Nth
 * call (counted across all ports while the plan is armed) fails once, either before its effect
 * (`throw-before`: a refused call) or after it (`throw-after`: a timeout whose side effect
 * happened anyway). Nothing of the adapters is imitated: the call itself still goes to dynalite,
 * moto, the outbox or the table scheduler.
 */

export type FaultMode = 'throw-before' | 'throw-after';
export const FAULT_MODES: readonly FaultMode[] = ['throw-before', 'throw-after'];

/** The failure the plan injects: retryable, as a transport error or a timeout would be. */
export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

export class FaultPlan {
  /** Every call made while armed, as `port.method`, in order (call N is `calls[N - 1]`). */
  readonly calls: string[] = [];
  private armed = false;
  private failAt: number | undefined;
  private mode: FaultMode = 'throw-before';
  /** The call that failed, once it has. */
  fired: { n: number; call: string; mode: FaultMode } | undefined;

  /** Starts counting calls; with `failAt`, call number `failAt` fails once in `mode`. */
  arm(options: { failAt?: number; mode?: FaultMode } = {}): void {
    this.armed = true;
    this.calls.length = 0;
    this.failAt = options.failAt;
    this.mode = options.mode ?? 'throw-before';
    this.fired = undefined;
  }

  disarm(): void {
    this.armed = false;
  }

  async around<T>(call: string, effect: () => Promise<T>): Promise<T> {
    if (!this.armed) return effect();
    const n = this.calls.push(call);
    const failsHere = n === this.failAt;
    if (failsHere && this.mode === 'throw-before') {
      this.fired = { n, call, mode: this.mode };
      throw new InjectedFault(`injected: call ${n} (${call}) refused`);
    }
    const result = await effect();
    if (failsHere) {
      this.fired = { n, call, mode: this.mode };
      throw new InjectedFault(`injected: call ${n} (${call}) timed out after its effect`);
    }
    return result;
  }
}

/**
 * The same port, every method of it going through `plan` (calls the adapter makes on itself are
 * not counted). `synchronous` names methods that compute rather than call out (e.g. a key): they
 * pass through untouched and uncounted.
 */
export function withFaults<T extends object>(portName: string, port: T, plan: FaultPlan, synchronous: readonly (keyof T)[] = []): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (synchronous.includes(property as keyof T)) return value.bind(target) as unknown;
      return (...args: unknown[]) => plan.around(`${portName}.${String(property)}`, () => Promise.resolve(value.apply(target, args)));
    },
  });
}

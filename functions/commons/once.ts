/**
 * `make` run on the first call only; later calls get the same value. How the Lambda handlers
 * create SDK clients and adapters when a path first needs them, not at load. A `make` that
 * throws is not remembered: the next call runs it again.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * `once` for asynchronous work (a secret fetched from the network): calls share the first call's
 * promise while it is pending or fulfilled; a rejected one is forgotten, so the next call tries
 * again instead of a container failing for good on one network fault.
 */
export function onceFulfilled<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

/**
 * `make` run on the first call only; later calls get the same value. How the Lambda handlers
 * create SDK clients and adapters when a path first needs them, not at load.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

import { once } from '../commons/once';

/**
 * How every handler holds its ports: an object whose each port is made by its maker when a path
 * first reads it (a reminder never touches S3, a dropped message never the queue), then kept for
 * the container's life. A maker that throws is not remembered, so the next use tries again.
 */
export function lazyPorts<Ports extends object>(makers: { [K in keyof Ports]: () => Ports[K] }): Ports {
  const ports = {} as Ports;
  for (const key of Object.keys(makers) as (keyof Ports)[]) {
    Object.defineProperty(ports, key, { get: once(makers[key]), enumerable: true });
  }
  return ports;
}

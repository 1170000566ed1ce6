import { performance } from 'node:perf_hooks';

/** The q-quantile of samples (nearest rank), in the samples' unit. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);

/** Milliseconds, rounded for a report: 3 significant decimals below 1 ms, 2 above. */
export function round(ms: number): number {
  return Number(ms.toFixed(ms < 1 ? 4 : 2));
}

/** `runs` timings of `work`, each in milliseconds; `warmUp` untimed runs first (JIT, caches of the code, not of the input). */
export async function timeRuns(runs: number, work: () => unknown, warmUp = 0): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

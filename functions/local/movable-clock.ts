import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../ports';

/**
 * The local clock: real time plus an offset, so an interview from any date can be replayed
 * (`RAPPORT_NOW`) and days can pass in seconds (`rapport tick`). The offset is kept in the data
 * folder, so a restart does not travel back in time. It only ever moves forward.
 */
export class MovableClock implements Clock {
  private offsetMs: number;
  private readonly file: string;

  constructor(dataDir: string, startAt?: Date) {
    this.file = path.join(dataDir, 'clock.json');
    const saved = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as { offsetMs?: unknown }).offsetMs : undefined;
    this.offsetMs = typeof saved === 'number' ? saved : 0;
    if (startAt && (typeof saved !== 'number' || startAt.getTime() > this.now().getTime())) this.set(startAt);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock to `to` (never backwards) and returns the new time. */
  advanceTo(to: Date): Date {
    if (to.getTime() > this.now().getTime()) this.set(to);
    return this.now();
  }

  private set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}

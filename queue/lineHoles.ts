// Late places that were taken but never filled: a join that failed after
// taking its place (latePlaces.ts), or one cut off by a crash. Left alone,
// each would count as a fan for everyone behind it. A join commits within
// moments of taking its place, so a place missing from the line in two passes
// CHECK_MS apart is a hole, and the ticker counts it as a fan who left.
//
// A pass reads the line in chunks of CHUNK fans, one per tick: with a million
// waiting, reading the whole line at once held worker 0 for seconds, and its
// read snapshot kept the database from reusing the pages every join freed
// meanwhile, so the file grew by gigabytes (docs/capacity.md).
import { LATE_BASE } from './line.js';

const CHECK_MS = 30_000;

export class LineHoles {
  static readonly CHUNK = 5000;
  /** missing in the last whole pass */
  private suspects = new Set<number>();
  /** missing so far in this pass */
  private missing: number[] = [];
  /** the place this pass reads on from, or null between passes */
  private next: number | null = null;
  /** the place after the last one this pass read */
  private expected: number | null = null;
  private checkAt = 0;

  /** The place to read the line from now (at most CHUNK fans), or null when no check is due. */
  due(now: number): number | null {
    if (this.next !== null) return this.next;
    return now >= this.checkAt ? LATE_BASE + 1 : null;
  }

  /**
   * `waiting`: the late places of the fans waiting from the place `due` gave,
   * in order, at most CHUNK (the pre-queue is numbered in one transaction:
   * it has no holes); `left`: places already known to be empty. Answers the
   * holes confirmed by this chunk: missing now and in the last pass.
   */
  check(waiting: number[], left: number[], now: number): number[] {
    const known = new Set(left);
    const found: number[] = [];
    for (const place of waiting) {
      if (this.expected !== null) for (let p = this.expected; p < place; p++) if (!known.has(p)) found.push(p);
      this.expected = place + 1;
    }
    const holes = found.filter((p) => this.suspects.has(p));
    this.missing.push(...found.filter((p) => !this.suspects.has(p)));
    if (waiting.length < LineHoles.CHUNK) this.endPass(now);
    else this.next = waiting[waiting.length - 1] + 1;
    return holes;
  }

  private endPass(now: number): void {
    this.suspects = new Set(this.missing);
    this.missing = [];
    this.next = null;
    this.expected = null;
    this.checkAt = now + CHECK_MS;
  }
}

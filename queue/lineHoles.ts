// Places in the line whose fans are gone without the ticker having counted
// them: a join that failed after taking its late place (latePlaces.ts), a
// join cut off by a crash, and fans who left just before a crash (their
// ending is a message, never stored, so the count of who left dies with the
// process). Left alone, each would count as a fan for everyone behind it. The
// line is read in order, and a place between the head and the last place
// given that is missing from it is empty: but a join commits moments after
// taking its place, so only a place missing in two passes counts, as a fan
// who left. The second pass comes soon after the ticker starts (what the
// previous process knew is lost at once) and CHECK_MS after that.
//
// A pass reads the line in chunks of CHUNK fans, one per tick: with a million
// waiting, reading the whole line at once held worker 0 for seconds, and its
// read snapshot kept the database from reusing the pages every join freed
// meanwhile, so the file grew by gigabytes (docs/capacity.md).
import { LATE_BASE } from './line.js';

const CHECK_MS = 30_000;
const RECHECK_AFTER_START_MS = 3_000;

/** The last place given in each stretch of the line when a pass begins. */
export interface LineEnds {
  /** the last place of the pre-queue (0 without one) */
  lastPlace: number;
  /** the last late place given (LATE_BASE when none) */
  lateEnd: number;
}

const stretchOf = (place: number) => (place > LATE_BASE ? 'late' : 'prequeue');

export class LineHoles {
  static readonly CHUNK = 5000;
  /** missing in the last whole pass */
  private suspects = new Set<number>();
  /** missing so far in this pass */
  private missing: number[] = [];
  /** the place this pass reads on from, or null between passes */
  private next: number | null = null;
  /** the last waiting place this pass read */
  private last: number | null = null;
  /** where the line ended when this pass began: places given later may still be on their way */
  private ends: LineEnds | null = null;
  private checkAt = 0;
  private passes = 0;

  /** The place to read the line from now (at most CHUNK fans), or null when no check is due. */
  due(now: number): number | null {
    if (this.next !== null) return this.next;
    return now >= this.checkAt ? 1 : null;
  }

  /**
   * `waiting`: the places of the fans waiting from the place `due` gave, in
   * order, at most CHUNK; `left`: places already known to be empty; `ends`:
   * where the line ends now. Answers the places confirmed empty by this chunk:
   * missing now and in the last pass.
   */
  check(waiting: number[], left: number[], ends: LineEnds, now: number): number[] {
    this.ends ??= ends;
    const known = new Set(left);
    const found: number[] = [];
    const gap = (from: number, to: number) => {
      for (let p = from; p <= to; p++) if (!known.has(p)) found.push(p);
    };
    for (const place of waiting) {
      if (this.last !== null && stretchOf(this.last) === stretchOf(place)) gap(this.last + 1, place - 1);
      else if (this.last !== null) gap(this.last + 1, this.ends.lastPlace); // the end of the pre-queue
      this.last = place;
    }
    const whole = waiting.length < LineHoles.CHUNK;
    if (whole && this.last !== null) gap(this.last + 1, stretchOf(this.last) === 'late' ? this.ends.lateEnd : this.ends.lastPlace);
    const holes = found.filter((p) => this.suspects.has(p));
    this.missing.push(...found.filter((p) => !this.suspects.has(p)));
    if (whole) this.endPass(now);
    else this.next = waiting[waiting.length - 1] + 1;
    return holes;
  }

  private endPass(now: number): void {
    this.suspects = new Set(this.missing);
    this.missing = [];
    this.next = null;
    this.last = null;
    this.ends = null;
    this.checkAt = now + (++this.passes === 1 ? RECHECK_AFTER_START_MS : CHECK_MS);
  }
}

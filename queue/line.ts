import { shuffle } from './shuffle.js';

// Where a fan stands in line, and how long the wait should be. The admission
// ticker numbers waiting fans with dense places (1, 2, 3, ...) and records the
// place at the head and the places of fans who left from the middle, so any
// thread can say exactly how many are ahead with one read.

export interface LineState {
  /** place of the fan at the head of the line (next to be admitted) */
  headPlace: number;
  /** places above headPlace whose fans left the line before being admitted, sorted */
  leftPlaces: number[];
  /** measured admissions per second (0 when nothing measured yet) */
  admitRate: number;
}

/** Fans ahead of `place`: everyone from the head up to it, less those who left. */
export function aheadOf(place: number, line: LineState): number {
  if (place < line.headPlace) return 0;
  return place - line.headPlace - countBelow(line.leftPlaces, place, line.headPlace);
}

function countBelow(sorted: number[], place: number, head: number): number {
  let count = 0;
  for (const left of sorted) {
    if (left >= place) break;
    if (left >= head) count++;
  }
  return count;
}

/** Seconds until admission for a fan with `ahead` fans in front, at the measured rate. */
export function etaSeconds(ahead: number, rate: number): number | null {
  if (rate <= 0) return null;
  return Math.round((ahead + 1) / rate);
}

/**
 * The admission rate that will hold for the next while: what the line really
 * moved at recently (slots freeing up), never more than the organizer's limit.
 * `recent` holds the times of the latest admissions.
 */
export function measuredRate(recent: number[], admitPerMinute: number, now: number, windowMs = 60_000): number {
  const inWindow = recent.filter((t) => t > now - windowMs);
  const limit = admitPerMinute / 60;
  if (inWindow.length < 3) return limit;
  const span = (now - inWindow[0]) / 1000;
  return Math.min(limit, inWindow.length / Math.max(span, 1));
}

/**
 * Admissions allowed now under admitPerMinute, spread evenly: a budget that
 * refills continuously and holds at most one second's worth, so a minute's
 * allowance never goes out in one burst.
 */
export class AdmissionBudget {
  // starts full: the first fans of a sale need not wait for the budget to fill
  private tokens = Number.POSITIVE_INFINITY;
  private last: number;

  constructor(now: number) {
    this.last = now;
  }

  take(wanted: number, admitPerMinute: number, now: number): number {
    const perSecond = admitPerMinute / 60;
    this.tokens = Math.min(Math.max(1, perSecond), this.tokens + ((now - this.last) / 1000) * perSecond);
    this.last = now;
    const granted = Math.max(0, Math.min(wanted, Math.floor(this.tokens)));
    this.tokens -= granted;
    return granted;
  }
}

export interface Joiner {
  id: string;
  joinedAt: number;
  seq: number;
}

/**
 * The order in which fans without a place get one. With a seed (the draw at
 * the opening of the sale), everyone who joined before the sale is shuffled;
 * everyone who joined after it follows, in order of arrival, so no later
 * joiner is ever placed ahead of a pre-queue fan.
 */
export function lineOrder<T extends Joiner>(unplaced: T[], saleAt: number, seed: string | null): T[] {
  const early = unplaced.filter((t) => t.joinedAt < saleAt).sort((a, b) => (a.id < b.id ? -1 : 1));
  const late = unplaced.filter((t) => t.joinedAt >= saleAt).sort((a, b) => a.seq - b.seq);
  return [...(seed ? shuffle(early, seed) : early.sort((a, b) => a.seq - b.seq)), ...late];
}

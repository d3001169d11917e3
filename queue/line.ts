import type { LineState } from '../lib/records/gateStats.js';
import { drawOrder, entryOf } from './draw.js';

// Where a fan stands in line, and how long the wait should be. The line has
// two stretches of dense places (1, 2, 3, ...): the pre-queue, numbered from 1
// by the admission ticker when it draws the order at the opening of the sale,
// and everyone who joins once the sale is open, numbered from LATE_BASE + 1 as
// they join (latePlaces.ts). The ticker records the head of each stretch, the
// end of the pre-queue and the places of fans who left from the middle, so
// any thread can say exactly how many are ahead with one read.

/** Late places start above any pre-queue: the pre-queue always goes first. */
export const LATE_BASE = 1_000_000_000;

/** Fans ahead of `place`: in each stretch, everyone from its head up to the place, less those who left. */
export function aheadOf(place: number, line: LineState): number {
  if (place < line.headPlace) return 0;
  if (place <= LATE_BASE || line.headPlace > LATE_BASE) return place - line.headPlace - countBelow(line.leftPlaces, place, line.headPlace);
  const lateHead = line.lateHead ?? LATE_BASE + 1;
  return prequeueWaiting(line) + Math.max(0, place - lateHead - countBelow(line.leftPlaces, place, lateHead));
}

/** Fans in line from the head to the last late place given (`lateEnd`, LATE_BASE when none). */
export function waitingIn(line: LineState, lateEnd: number): number {
  return lateEnd > LATE_BASE ? aheadOf(lateEnd + 1, line) : prequeueWaiting(line);
}

function prequeueWaiting(line: LineState): number {
  return line.headPlace > line.lastPlace
    ? 0
    : line.lastPlace + 1 - line.headPlace - countBelow(line.leftPlaces, line.lastPlace + 1, line.headPlace);
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

/** how far off a wait estimated from a steady rate may be: the bound test/waitingRoom.test.ts holds it to */
const ETA_SPREAD = 1.25;

/**
 * The wait as a range: from the slower and the faster of the rates measured
 * over different spans, widened by how far an estimate may be off under a
 * steady flow. Null when nothing was measured (a paused or held line, or one
 * just opened): the fan then sees the single estimate.
 */
export function etaRange(ahead: number, rates: number[]): [number, number] | null {
  const known = rates.filter((r) => r > 0);
  if (!known.length) return null;
  const fastest = (ahead + 1) / Math.max(...known);
  const slowest = (ahead + 1) / Math.min(...known);
  return [Math.floor(fastest / ETA_SPREAD), Math.ceil(slowest * ETA_SPREAD)];
}

/**
 * The admission rate that will hold for the next while: what the line really
 * moved at recently (slots freeing up), never more than the organizer's limit.
 * `recent` holds the times of the latest admissions: n admissions since the
 * first one make n - 1 intervals, as the ticker measures at the moment it
 * admits. The time since the last admission counts too, so the rate falls
 * while the line stands still.
 */
export function measuredRate(recent: number[], admitPerMinute: number, now: number, windowMs = 60_000): number {
  const limit = admitPerMinute / 60;
  const observed = observedRate(recent, now, windowMs);
  return observed === null ? limit : Math.min(limit, observed);
}

/** Admissions a second seen within the window; null with fewer than three to measure by. */
export function observedRate(recent: number[], now: number, windowMs: number): number | null {
  const inWindow = recent.filter((t) => t > now - windowMs);
  if (inWindow.length < 3) return null;
  const span = (now - inWindow[0]) / 1000;
  return (inWindow.length - 1) / Math.max(span, 1);
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
  const early = unplaced.filter((t) => t.joinedAt < saleAt);
  const late = unplaced.filter((t) => t.joinedAt >= saleAt).sort((a, b) => a.seq - b.seq);
  return [...(seed ? drawn(early, seed) : early.sort((a, b) => a.seq - b.seq)), ...late];
}

/** The pre-queue in the draw's order (draw.ts): by each ticket's entry, the hash of its id. */
function drawn<T extends Joiner>(early: T[], seed: string): T[] {
  const byEntry = new Map(early.map((t) => [entryOf(t.id), t]));
  return drawOrder([...byEntry.keys()], seed).map((entry) => byEntry.get(entry) as T);
}

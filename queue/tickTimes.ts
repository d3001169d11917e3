// How long the admission ticker's passes take. The ticker runs on worker 0
// and the gate view may be answered by any thread, so the figures live in
// memory every worker thread shares; only the ticker writes them.
import { tables } from '../lib/tables.js';

const LAST = 0;
const LONGEST = 1;
const PASSES = 2;
let times: Float64Array | undefined;

function shared(): Float64Array {
  times ??= new Float64Array(tables.GateStats.primaryStore.getUserSharedBuffer('ticker-times', new Float64Array(3).buffer));
  return times;
}

export function recordPass(ms: number): void {
  const t = shared();
  t[LAST] = ms;
  t[LONGEST] = Math.max(t[LONGEST], ms);
  t[PASSES]++;
}

/** The last pass over every event this node owns, the longest since the ticker started (ms), and how many passes. */
export function tickerTimes(): { lastPassMs: number; longestPassMs: number; passes: number } {
  const t = shared();
  const ms = (value: number) => Math.round(value * 10) / 10;
  return { lastPassMs: ms(t[LAST]), longestPassMs: ms(t[LONGEST]), passes: t[PASSES] };
}

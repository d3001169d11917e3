// How far behind this thread's event loop runs. A request that arrives while
// the thread works through a long turn of its loop waits for the rest of that
// turn before it is even read, so two figures tell how long a request now in
// hand has likely waited: how late a timer meant to fire every TICK_MS fired
// last time, and how long ago it last fired (the age of the turn under way).
import { performance } from 'node:perf_hooks';

const TICK_MS = 20;
/**
 * Ticks before the figures count: until the timer has fired a few times the
 * thread is still starting (loading modules, opening tables), and the time
 * since the timer was set says nothing about a crowd; a request answered
 * then would only have been refused for the start-up.
 */
const WARM_TICKS = 5;

let lastFired = performance.now();
let lastLate = 0;
let ticks = 0;
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  const now = performance.now();
  // the first tick's lateness is the start-up's
  lastLate = ticks++ === 0 ? 0 : Math.max(0, now - lastFired - TICK_MS);
  lastFired = now;
}

/** Starts measuring on this thread (once). */
export function watchLoopLag(): void {
  timer ??= setInterval(tick, TICK_MS).unref();
}

/** Milliseconds the loop is behind: the last timer's lateness or the age of the turn under way, whichever is more. */
export function loopLag(now = performance.now()): number {
  if (ticks < WARM_TICKS) return 0;
  return Math.max(lastLate, now - lastFired - TICK_MS);
}

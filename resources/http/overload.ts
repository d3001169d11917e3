// Past what the machine can serve, a request is better refused at once than
// answered after seconds: a fan whose page never loads has left, and one told
// to come back in a moment (503 with Retry-After; the fan page says so and
// offers to try again) has not.
// Refused before any work: browsing (event listings and pages, seat maps)
// and joining a line, the calls a crowd makes. Never a fan's hold or order:
// those come from fans the gate has admitted, a number it controls.
import { loopLag, watchLoopLag } from '../../lib/loopLag.js';

/** A request that has waited about this long behind the event loop is refused: the rest of its answer could take as long again. */
export const OVERLOAD_LAG_MS = 500;
/** Seconds a refused client is asked to wait. */
export const OVERLOAD_RETRY_SECONDS = 2;

const SHEDDABLE_GET = /^\/(events|seatmap)(\/|$)/;
const JOIN = /^\/queue\/?$/;

watchLoopLag();

/** Whether this request should be refused because the thread is too far behind. */
export function shed(method: string, pathname: string): boolean {
  if (loopLag() < OVERLOAD_LAG_MS) return false;
  return method === 'GET' ? SHEDDABLE_GET.test(pathname) : method === 'POST' && JOIN.test(pathname);
}

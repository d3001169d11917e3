// How often one client may ask (API.md v1.1, "Limits"): per address, and per
// fanKey, admission token or hold that a request presents, counted per
// minute across every worker thread (lib/rateLimiter.ts). Over the limit the
// answer is 429 `rate_limited` with Retry-After, before any work is done. A
// call passed on by another node of the cluster was counted where it
// arrived. The limits are settings (README): TICKETING_RATE_LIMITS=off turns
// them all off (the benchmarks do), and "name=value,..." changes some.
// Behind a proxy, TICKETING_TRUSTED_PROXIES lists its addresses: the
// client's address is then the last one X-Forwarded-For names that is not a
// trusted proxy.
import { ApiError } from '../../lib/errors.js';
import { RateLimiter } from '../../lib/rateLimiter.js';
import { tables } from '../../lib/tables.js';
import { clientAddress, plainAddress } from '../../lib/clientAddress.js';
import { journal } from '../../lib/journal.js';
import type { LimitedRoute } from '../../lib/metrics.js';

/** Requests a minute. A venue's Wi-Fi is one address for thousands of fans; one fan is held to what a person does. */
export const DEFAULT_LIMITS = {
  joinsPerAddress: 300,
  joinsPerFan: 5,
  holdsPerAddress: 600,
  holdsPerToken: 20,
  ordersPerAddress: 300,
  ordersPerHold: 5,
  waitlistPerAddress: 60,
  /** reads of an id that does not exist (404), a sign of guessing */
  unknownReadsPerAddress: 60,
};
export type LimitName = keyof typeof DEFAULT_LIMITS;

function settings(text: string | undefined): Record<LimitName, number> | null {
  if (text?.trim() === 'off') return null;
  const limits = { ...DEFAULT_LIMITS };
  for (const pair of (text ?? '').split(',').filter((p) => p.trim())) {
    const [name, value] = pair.split('=').map((part) => part.trim());
    if (!(name in limits) || !(Number(value) > 0)) {
      throw new Error(`TICKETING_RATE_LIMITS: "${pair}" is not one of ${Object.keys(limits).join(', ')} with a number above 0`);
    }
    limits[name as LimitName] = Number(value);
  }
  return limits;
}

const limits = settings(process.env.TICKETING_RATE_LIMITS);
const sharedMemory = (name: string, initial: ArrayBuffer) => tables.AppSecret.primaryStore.getUserSharedBuffer(name, initial);
const limiters = new Map<LimitName, RateLimiter>();

/** Keys a minute each table tells apart: addresses are few; fans, tokens and holds come by the hundred thousand. */
const sizeOf = (name: LimitName) => (name.endsWith('PerAddress') ? 65_536 : 1_048_576);

function limiter(name: LimitName): RateLimiter | null {
  if (!limits) return null;
  let found = limiters.get(name);
  if (!found) limiters.set(name, (found = new RateLimiter(name, limits[name], sharedMemory, sizeOf(name))));
  return found;
}

const trustedProxies = new Set(
  (process.env.TICKETING_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((a) => plainAddress(a.trim()))
    .filter(Boolean),
);

/** The client's address: the connection's, or behind a trusted proxy the one it forwarded for. */
export function addressOf(ip: string | undefined, forwardedFor: string | null | undefined): string {
  return clientAddress(ip, forwardedFor, trustedProxies);
}

export function rateLimited(seconds: number): ApiError {
  return new ApiError(429, 'rate_limited', `Too many requests: try again in ${seconds} s.`, {}, { 'Retry-After': String(seconds) });
}

const ROUTE_OF: Record<LimitName, LimitedRoute> = {
  joinsPerAddress: 'queue',
  joinsPerFan: 'queue',
  holdsPerAddress: 'holds',
  holdsPerToken: 'holds',
  ordersPerAddress: 'orders',
  ordersPerHold: 'orders',
  waitlistPerAddress: 'waitlist',
  unknownReadsPerAddress: 'reads',
};

/** Seconds `key` must wait under limit `name` after counting this request (0: go ahead). */
export function take(name: LimitName, key: string): number {
  const wait = limiter(name)?.take(key) ?? 0;
  // an address is logged; a fanKey or a token is a secret and is not
  if (wait) journal.rateLimited(ROUTE_OF[name], name.endsWith('PerAddress') ? key : null, name);
  return wait;
}

/** As `take`, without counting this request. */
export function peek(name: LimitName, key: string): number {
  const wait = limiter(name)?.peek(key) ?? 0;
  if (wait) journal.rateLimited(ROUTE_OF[name], name.endsWith('PerAddress') ? key : null, name);
  return wait;
}

/** Counts a request of `key` under limit `name` once its answer is known (the next one may be refused). */
export function count(name: LimitName, key: string): void {
  limiter(name)?.take(key);
}

/** Throws 429 when `key` is over limit `name`. */
export function limit(name: LimitName, key: string): void {
  const wait = take(name, key);
  if (wait) throw rateLimited(wait);
}

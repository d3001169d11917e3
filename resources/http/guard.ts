// What every HTTP request and answer passes through, Harper's own included
// (registered with server.http in resources/index.ts):
//   - methods the API does not have (TRACE and the like) get 405, and a path
//     that is not a valid URL 400, both in the API's error shape;
//   - every answer carries the headers a browser needs to keep the pages safe
//     (no framing, no sniffing, scripts and connections from this site only);
//   - an answer about a fan's own state, and every error, gets
//     Cache-Control: no-store unless it says otherwise: a cache in front must
//     never serve a hold that has ended as still active;
//   - an address that keeps failing to log in is made to wait (loginThrottle.ts);
//   - a client over its limit of joins, holds, orders, waitlist joins or
//     reads of ids that do not exist gets 429 before any work (rateLimits.ts);
//   - an error Harper made itself (a failed login, a method a path lacks)
//     gets the API's shape {error, message}, without naming internal classes.
import { errorShape, type GuardedResponse, headerBag } from './errorShape.js';
import { loginFailed, loginSucceeded, loginWait } from './loginThrottle.js';
import { logger, nodeName } from '../../lib/harper.js';
import { addressOf, count, peek, take, type LimitName } from './rateLimits.js';
import { isHop } from './forward.js';
import { limitBody } from './bodyLimit.js';
import { OVERLOAD_RETRY_SECONDS, shed } from './overload.js';
import { metrics } from '../../lib/metrics.js';
import { journal } from '../../lib/journal.js';
import { withRequestId } from '../../lib/requestId.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SAFETY_HEADERS: [string, string][] = [
  [
    'Content-Security-Policy',
    // blob: workers: mqtt.js keeps its timers in one, so a background tab keeps its connection alive
    "default-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  ],
  ['X-Frame-Options', 'DENY'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];
/** Paths whose answers are one fan's or one organizer's own state: never kept by a cache. */
const PRIVATE = /^\/(queue|holds|orders|waitlist|gate|cluster|metrics)(\/|$)/;

/** Creating calls limited per address, by resource. */
const PER_ADDRESS: Record<string, LimitName> = {
  queue: 'joinsPerAddress',
  holds: 'holdsPerAddress',
  orders: 'ordersPerAddress',
  waitlist: 'waitlistPerAddress',
};
const CREATE = /^\/(queue|holds|orders|waitlist)\/?$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** How long a refusal for going over a rate limit takes to come. */
const REFUSAL_DELAY_MS = 1000;
/** A read by a secret id: many that find nothing are someone guessing. */
const READ_BY_ID = /^\/(queue|holds|orders|waitlist)\/[^/]+$/;

interface GuardedRequest {
  method: string;
  pathname: string;
  ip?: string;
  headers: { get(name: string): unknown };
  isWebSocket?: boolean;
}
type NodeHeaders = { setHeader(name: string, value: string): void };
type Next = (request: GuardedRequest) => Promise<GuardedResponse | undefined> | GuardedResponse | undefined;

/** An answer the guard gives itself, with the headers every answer carries (Served-By: API.md, running as a cluster). */
function errorAnswer(status: number, error: string, message: string, extra: Record<string, string> = {}): GuardedResponse {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Served-By': nodeName(),
    ...extra,
  };
  for (const [name, value] of SAFETY_HEADERS) headers[name] = value;
  return { status, headers, body: JSON.stringify({ error, message }) };
}

function decodable(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file Harper's static layer serves writes its own headers (through the
 * `send` stream, which says when); any other answer carries them itself.
 */
function withSafetyHeaders(response: GuardedResponse & { handlesHeaders?: boolean }, headers: ReturnType<typeof headerBag>): void {
  const stream = response.body as { on?: (event: string, listener: (res: NodeHeaders) => void) => void } | undefined;
  if (response.handlesHeaders && typeof stream?.on === 'function') {
    stream.on('headers', (res) => {
      for (const [name, value] of SAFETY_HEADERS) res.setHeader(name, value);
    });
  } else for (const [name, value] of SAFETY_HEADERS) headers.set(name, value);
}

/** The next layers' answer; an error one of them throws (Harper's login check does) becomes an answer too. */
async function answerOf(request: GuardedRequest, next: Next): Promise<GuardedResponse | undefined> {
  try {
    return await next(request);
  } catch (error) {
    const status = Number((error as { statusCode?: unknown }).statusCode) || 500;
    if (status >= 500) logger.error('unhandled error', error);
    return { status, headers: {}, body: undefined };
  }
}

function tooMany(seconds: number, message: string): GuardedResponse {
  return errorAnswer(429, 'rate_limited', `${message}: try again in ${seconds} s.`, { 'Retry-After': String(seconds) });
}

/** Seconds this request must wait under the per-client limits (0: go ahead); counts it where it counts. */
function limitWait(request: GuardedRequest, address: string): number {
  const create = request.method === 'POST' && CREATE.exec(request.pathname);
  if (create) {
    const token = create[1] === 'holds' && request.headers.get('admission-token');
    return take(PER_ADDRESS[create[1]], address) || (token ? take('holdsPerToken', String(token)) : 0);
  }
  return request.method === 'GET' && READ_BY_ID.test(request.pathname) ? peek('unknownReadsPerAddress', address) : 0;
}

const routeOf = (pathname: string) => pathname.split('/', 2)[1] ?? '';

/** Serves the request with its request id (lib/requestId.ts) in context, and counts it in the node's metrics. */
export function guard(request: GuardedRequest, next: Next): Promise<GuardedResponse | undefined> | GuardedResponse | undefined {
  if (request.isWebSocket) return next(request);
  const started = performance.now();
  return withRequestId(request.headers.get('traceparent') as string | undefined, async () => {
    const response = await guarded(request, next);
    if (response) metrics.request(routeOf(request.pathname), request.method, response.status ?? 200, (performance.now() - started) / 1000);
    return response;
  });
}

async function guarded(request: GuardedRequest, next: Next): Promise<GuardedResponse | undefined> {
  if (shed(request.method, request.pathname)) {
    const retryAfter = String(OVERLOAD_RETRY_SECONDS);
    return errorAnswer(503, 'busy', `The server is busy: try again in ${retryAfter} s.`, { 'Retry-After': retryAfter });
  }
  if (!METHODS.has(request.method)) return errorAnswer(405, 'method_not_allowed', `${request.method} is not allowed here.`);
  if (!decodable(request.pathname)) return errorAnswer(400, 'bad_request', 'The path is not a valid URL.');
  const headers = request.headers as { get(name: string): string | null | undefined };
  // a call another node passed on was counted where it arrived
  const limited = !isHop(headers);
  const address = addressOf(request.ip, headers.get('x-forwarded-for'));
  const limitedFor = limited ? limitWait(request, address) : 0;
  if (limitedFor) {
    // a client that ignores Retry-After waits for each refusal: its connections cannot turn refusals into a flood
    await new Promise((resolve) => setTimeout(resolve, REFUSAL_DELAY_MS));
    return tooMany(limitedFor, 'Too many requests from this client');
  }
  // a body without a length (chunked) is cut at the limit as it arrives
  if (BODY_METHODS.has(request.method) && !request.headers.get('content-length')) limitBody(request);
  const credentials = !!request.headers.get('authorization');
  const wait = credentials ? loginWait(address) : 0;
  if (wait) {
    journal.rateLimited('login', address, 'failedLogins');
    return tooMany(wait, 'Too many failed logins from this address');
  }
  const response = await answerOf(request, next);
  if (!response) return response;
  if (credentials && response.status === 401) loginFailed(address);
  else if (credentials && (response.status ?? 200) < 400) loginSucceeded(address);
  const status = response.status ?? 200;
  if (limited && status === 404 && request.method === 'GET' && READ_BY_ID.test(request.pathname)) count('unknownReadsPerAddress', address);
  const answerHeaders = headerBag(response);
  withSafetyHeaders(response, answerHeaders);
  if ((status >= 400 || PRIVATE.test(request.pathname)) && !answerHeaders.get('cache-control'))
    answerHeaders.set('Cache-Control', 'no-store');
  return status >= 400 ? errorShape(response, status) : response;
}

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
//   - an error Harper made itself (a failed login, a method a path lacks)
//     gets the API's shape {error, message}, without naming internal classes.
import { errorShape, type GuardedResponse, headerBag } from './errorShape.js';
import { loginFailed, loginSucceeded, loginWait } from './loginThrottle.js';
import { logger } from '../../lib/harper.js';

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

interface GuardedRequest {
  method: string;
  pathname: string;
  ip?: string;
  headers: { get(name: string): unknown };
  isWebSocket?: boolean;
}
type NodeHeaders = { setHeader(name: string, value: string): void };
type Next = (request: GuardedRequest) => Promise<GuardedResponse | undefined> | GuardedResponse | undefined;

function errorAnswer(status: number, error: string, message: string): GuardedResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ error, message }),
  };
}

function decodable(path: string): boolean {
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

export async function guard(request: GuardedRequest, next: Next): Promise<GuardedResponse | undefined> {
  if (request.isWebSocket) return next(request);
  if (!METHODS.has(request.method)) return errorAnswer(405, 'method_not_allowed', `${request.method} is not allowed here.`);
  if (!decodable(request.pathname)) return errorAnswer(400, 'bad_request', 'The path is not a valid URL.');
  const credentials = !!request.headers.get('authorization');
  const wait = credentials ? loginWait(request.ip ?? '') : 0;
  if (wait) {
    const refused = errorAnswer(429, 'rate_limited', `Too many failed logins from this address: try again in ${wait} s.`);
    headerBag(refused).set('Retry-After', String(wait));
    return refused;
  }
  const response = await answerOf(request, next);
  if (!response) return response;
  if (credentials && response.status === 401) loginFailed(request.ip ?? '');
  else if (credentials && (response.status ?? 200) < 400) loginSucceeded(request.ip ?? '');
  const status = response.status ?? 200;
  const headers = headerBag(response);
  withSafetyHeaders(response, headers);
  if ((status >= 400 || PRIVATE.test(request.pathname)) && !headers.get('cache-control')) headers.set('Cache-Control', 'no-store');
  return status >= 400 ? errorShape(response, status) : response;
}

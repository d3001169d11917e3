// A change to an event is carried out by the event's owner (catalog/owners.ts).
// A node that receives one for an event it does not own passes the request on
// to the owner and relays the answer unchanged, naming the owner in
// Forwarded-To. The hop carries a secret that only cluster nodes hold
// (TICKETING_CLUSTER_SECRET); a call that arrives with it is carried out
// where it lands and never forwarded again.
import { cachedEvent } from '../../catalog/catalogVersion.js';
import { ownerOf } from '../../catalog/owners.js';
import type { Digest } from '../../catalog/handover.js';
import { nodeUrl } from '../../lib/clusterNodes.js';
import { ApiError } from '../../lib/errors.js';
import { logger, nodeName } from '../../lib/harper.js';
import type { Reply } from './reply.js';
import { traceparent } from '../../lib/requestId.js';

const HOP_HEADER = 'x-ticketing-cluster-hop';
const PASSED_ON = ['content-type', 'accept', 'authorization', 'admission-token', 'idempotency-key', 'if-none-match'];
/** Headers that describe the hop, not the answer: the relay sets its own. */
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'date',
  'server',
  'served-by',
]);
const FORWARD_TIMEOUT_MS = 10_000;

type Headers = { get(name: string): string | undefined | null };

export interface ForwardedRequest {
  method: string;
  url: string;
  headers: Headers;
  body?: unknown;
}

// read once: every request asks (isHop), and the process's environment is slow to read
const SECRET = process.env.TICKETING_CLUSTER_SECRET || undefined;

/** Whether this call was passed on by another node of the cluster (and so is never passed on again). */
export function isHop(headers: Headers): boolean {
  return !!SECRET && headers.get(HOP_HEADER) === SECRET;
}

/** The node to pass this call on to, or null to carry it out here. */
export async function ownerElsewhere(eventId: string | null, headers: Headers): Promise<string | null> {
  if (!eventId || isHop(headers)) return null;
  const event = await cachedEvent(eventId);
  const owner = event ? ownerOf(event) : null;
  return owner && owner !== nodeName() ? owner : null;
}

const unavailable = (owner: string) =>
  new ApiError(
    503,
    'owner_unavailable',
    `The node that sells this event (${owner}) cannot be reached right now; try again shortly.`,
    {},
    {
      'Retry-After': '2',
    },
  );

/** The new owner named by a change refused because the event moved (catalog/ownership.ts), else null. */
export function movedTo(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'owner_unavailable') return null;
  const owner = error.extra.owner;
  return typeof owner === 'string' && owner !== nodeName() ? owner : null;
}

/** The owner's answer to the same request, as it gave it. */
export async function forward(owner: string, request: ForwardedRequest): Promise<Reply> {
  const [base, hop] = [await nodeUrl(owner), SECRET];
  if (!base || !hop) throw unavailable(owner);
  // the same request id on the owner: one fan's path can be followed across the cluster
  const headers: Record<string, string> = { [HOP_HEADER]: hop };
  const trace = traceparent();
  if (trace) headers.traceparent = trace;
  for (const name of PASSED_ON) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  let response: Response;
  try {
    response = await fetch(`${base}${request.url}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
  } catch (error) {
    logger.warn(`forwarding to ${owner} failed`, error);
    throw unavailable(owner);
  }
  const relayed: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!NOT_RELAYED.has(name)) relayed[name] = value;
  });
  relayed['Forwarded-To'] = owner;
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: relayed, ...(body.length ? { body } : {}) };
}

const TAKEOVER_WAIT_MS = 5000;

/**
 * Waits (up to 5 s) until `node`'s copy of the event names it the owner: the
 * move has replicated there with every change made before it, and the new
 * owner takes changes. False if it has not arrived by then.
 */
export async function takenOver(node: string, eventId: string): Promise<boolean> {
  const base = await nodeUrl(node);
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  while (base && Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/events/${encodeURIComponent(eventId)}`, { signal: AbortSignal.timeout(1000) });
      if (response.ok && (await response.json()).owner === node) return true;
    } catch {
      // not answering yet: asked again below
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The versions of an event's sale records on `node` (catalog/handover.ts), asked as a hop. */
export async function peerDigest(node: string, eventId: string): Promise<Digest> {
  const answer = await forward(node, { method: 'GET', url: `/cluster/${encodeURIComponent(eventId)}`, headers: { get: () => undefined } });
  if (answer.status !== 200 || !answer.body) throw unavailable(node);
  return JSON.parse(answer.body.toString('utf8')) as Digest;
}

// Moving an event to another node, and the fence that makes a move safe.
//
// Every change to an event's seats, holds, orders, queue and waitlist runs in
// `ownedChange`: it counts itself in, on a counter per event in memory that
// every worker thread shares, unless a move is under way; then, under its own
// locks, it reads the event afresh and goes on only if this node still owns
// it. A move raises the event's moving flag, waits until no change is
// counted in (each has committed or given up), and writes the new owner and
// a higher `ownerEpoch`; every later change on the old node sees the new
// owner and is refused. The move's write replicates after every change the
// old owner made before it (one audit log, sent in order), so the new owner,
// which starts when that write reaches it, has them all: before it writes,
// the old owner checks that the new one has every sale record of the event,
// because Harper's replication can lose one (handover.ts).
//
// A forced move is made by any node while the owner cannot be reached: what
// the old owner acknowledged and had not yet sent is at risk, and when it
// comes back it may claim seats the new owner sold since. The move is
// recorded on the event, and checkout/seatConflicts.ts lists those claims.
import { ApiError, busy, conflict } from '../lib/errors.js';
import { type ChangeContext, nodeName } from '../lib/harper.js';
import { lockKey, withLocks } from '../lib/locks.js';
import type { EventRecord } from '../lib/records/event.js';
import { peerStatus } from '../lib/clusterStatus.js';
import { found, tables } from '../lib/tables.js';
import { ownerOf, ownedHere, requireKnownNode } from './owners.js';
import { type Digest, handOver } from './handover.js';

const IN_FLIGHT = 0;
const MOVING = 1;
const DRAIN_WAIT_MS = 5000;
const fences = new Map<string, Int32Array>();

/** The event's fence, shared by every worker thread: [changes in flight, moving]. */
function fenceOf(eventId: string): Int32Array {
  let fence = fences.get(eventId);
  if (!fence) {
    const buffer = tables.Event.primaryStore.getUserSharedBuffer(`owner-fence:${eventId}`, new Int32Array(2).buffer);
    fences.set(eventId, (fence = new Int32Array(buffer)));
  }
  return fence;
}

const eventKey = (eventId: string) => lockKey.named(`event:${eventId}`);

/** 503 for a change that reached a node that does not own the event; `owner` names the node that does. */
function notOwnedHere(owner: string | null): ApiError {
  return new ApiError(
    503,
    'owner_unavailable',
    owner ? `This event has moved to ${owner}; try again in a moment.` : 'This event has no owner node: an organizer must give it one.',
    owner ? { owner } : {},
    { 'Retry-After': '1' },
  );
}

async function requireOwnedHere(eventId: string, ctx: ChangeContext): Promise<EventRecord | undefined> {
  const event = await tables.Event.get(eventId, ctx);
  if (event && !ownedHere(event)) throw notOwnedHere(ownerOf(event));
  return event;
}

/**
 * Runs `change` under the locks of `keys` if, and only if, this node owns the
 * event when the locks are held; `change` gets the event as read then.
 */
export async function ownedChange<T>(
  eventId: string,
  keys: string[],
  change: (ctx: ChangeContext, event: EventRecord | undefined) => Promise<T>,
): Promise<T> {
  const fence = fenceOf(eventId);
  Atomics.add(fence, IN_FLIGHT, 1);
  try {
    // a move that raised the flag first waits for nothing of ours; one that raises it now waits for us
    if (Atomics.load(fence, MOVING)) throw moving();
    return await withLocks(keys, async (ctx) => change(ctx, await requireOwnedHere(eventId, ctx)));
  } finally {
    Atomics.sub(fence, IN_FLIGHT, 1);
  }
}

const moving = () =>
  new ApiError(
    503,
    'owner_unavailable',
    'This event is moving to another node right now; try again in a moment.',
    {},
    {
      'Retry-After': '1',
    },
  );

/** Runs `write` once no change of the event is under way here, and none can start until it is done. */
async function fenced<T>(eventId: string, write: () => Promise<T>): Promise<T> {
  const fence = fenceOf(eventId);
  if (Atomics.compareExchange(fence, MOVING, 0, 1) !== 0) throw moving();
  try {
    const deadline = Date.now() + DRAIN_WAIT_MS;
    while (Atomics.load(fence, IN_FLIGHT) > 0) {
      if (Date.now() > deadline) throw busy('Changes to this event are still under way; try the move again in a moment.');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return await write();
  } finally {
    Atomics.store(fence, MOVING, 0);
  }
}

/** A change to the event record itself (its fields, its gate), on its owner. */
export function eventChange<T>(eventId: string, change: (ctx: ChangeContext) => Promise<T>): Promise<T> {
  return ownedChange(eventId, [eventKey(eventId)], change);
}

async function connected(name: string): Promise<boolean> {
  if (name === nodeName()) return true;
  return (await peerStatus()).some((peer) => peer.name === name && peer.connected);
}

function handedOver(event: EventRecord, to: string): EventRecord {
  const now = new Date().toISOString();
  return { ...event, owner: to, ownerEpoch: (event.ownerEpoch ?? 0) + 1, ownerSince: now, updatedAt: now };
}

/**
 * A planned move, carried out on the owner (or on any node for an event with
 * no owner yet): once it returns, this node takes no more changes for the
 * event. `theirs` reads the new owner's versions of the event's sale records
 * (handover.ts).
 */
export async function moveEvent(eventId: string, to: string, theirs: () => Promise<Digest>): Promise<EventRecord> {
  requireKnownNode(to);
  if (!(await connected(to))) throw conflict('node_unavailable', `${to} is not connected to this node: the event stays here.`);
  return fenced(eventId, async () => {
    const event = await tables.Event.get(eventId);
    if (event && ownedHere(event) && to !== nodeName()) await handOver(eventId, theirs);
    return moveHere(eventId, to);
  });
}

async function moveHere(eventId: string, to: string): Promise<EventRecord> {
  return withLocks([eventKey(eventId)], async (ctx) => {
    const event = found(await tables.Event.get(eventId, ctx), 'event');
    const owner = ownerOf(event);
    if (owner !== null && owner !== nodeName()) throw notOwnedHere(owner);
    if (owner === to) return event;
    const moved = handedOver(event, to);
    await tables.Event.put(moved, ctx);
    return moved;
  });
}

/** A move made without the owner, allowed only while this node cannot reach it. */
export async function forceMove(eventId: string, to: string): Promise<EventRecord> {
  requireKnownNode(to);
  return withLocks([eventKey(eventId)], async (ctx) => {
    const event = found(await tables.Event.get(eventId, ctx), 'event');
    const from = ownerOf(event);
    if (from === to) return event;
    if (from !== null && (await connected(from))) {
      throw conflict('owner_reachable', `${from} can be reached: move the event without "force", so that nothing is lost.`);
    }
    const moved = handedOver(event, to);
    moved.forcedMoves = [...(event.forcedMoves ?? []), { from, to, at: moved.ownerSince as string, epoch: moved.ownerEpoch as number }];
    await tables.Event.put(moved, ctx);
    return moved;
  });
}

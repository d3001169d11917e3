// Which cluster node owns an event: the one node that carries out every change
// to its seats, holds, orders, queue and waitlist, and runs its background jobs
// (admission, hold expiry, waitlist offers, availability messages), so the
// cross-thread lock stays the one source of exclusivity. Replication alone
// would let two nodes sell one seat (last writer wins).
import { nodeName, peerNames } from '../lib/harper.js';
import { invalid } from '../lib/errors.js';
import type { EventRecord } from '../lib/records/event.js';
import { cachedEvent } from './catalogVersion.js';
import { peerStatus } from '../lib/clusterStatus.js';
import { tables } from '../lib/tables.js';

// Test-only negative control: test/clusterRace.test.ts starts one cluster with
// this set, where every node acts as the owner of every event (nothing is
// forwarded), to prove the race can see a seat sold twice. Never set it anywhere else.
const everyNodeOwns = process.env.TICKETING_UNSAFE_EVERY_NODE_OWNS === '1';

/** The owner recorded on the event; one made before owners were recorded belongs to a node that runs alone. */
export function ownerOf(event: Pick<EventRecord, 'owner'>): string | null {
  if (everyNodeOwns) return nodeName();
  return event.owner ?? (peerNames().length === 0 ? nodeName() : null);
}

export function ownedHere(event: Pick<EventRecord, 'owner'>): boolean {
  return ownerOf(event) === nodeName();
}

/** Whether this node owns the event with this id (false for an unknown event). */
export async function ownsEvent(eventId: string): Promise<boolean> {
  const event = await cachedEvent(eventId);
  return !!event && ownedHere(event);
}

/** Events still to come (not cancelled, not started) by the node that owns them. */
export async function eventsByOwner(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const upcoming = { conditions: [{ attribute: 'startsAt', comparator: 'greater_than', value: new Date().toISOString() }] };
  for await (const event of tables.Event.search(upcoming)) {
    const owner = ownerOf(event);
    if (owner && !event.cancelled) counts[owner] = (counts[owner] ?? 0) + 1;
  }
  return counts;
}

/** 422 unless `name` is a node of this cluster (this node or one it knows). */
export function requireKnownNode(name: string): void {
  if (name !== nodeName() && !peerNames().includes(name)) throw invalid(`"owner" names no node of this cluster.`, { field: 'owner' });
}

/**
 * The owner of a new event: the node the organizer names, if this cluster has
 * it; else, of this node and the peers connected to it, the one that owns the
 * fewest events still to come (this node on a tie).
 */
export async function chooseOwner(requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    requireKnownNode(requested);
    return requested;
  }
  const connected = (await peerStatus()).filter((peer) => peer.connected).map((peer) => peer.name);
  if (!connected.length) return nodeName();
  const owned = await eventsByOwner();
  return [nodeName(), ...connected].reduce((best, name) => ((owned[name] ?? 0) < (owned[best] ?? 0) ? name : best));
}

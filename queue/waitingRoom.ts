// Joining, reading and leaving an event's waiting room. A join is carried out
// by whichever node receives it. On the event's owner, a fan who joins once
// the sale is open takes the next place at once (latePlaces.ts); the
// pre-queue, and fans who joined through another node, are placed by the
// owner's admission ticker. Only the ticker (admission.ts)
// lets fans in; requests here never admit anyone, so the checkout cap has a
// single owner.
import { randomInt } from 'node:crypto';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { ApiError, conflict, notFound } from '../lib/errors.js';
import { getEvent } from '../catalog/events.js';
import type { EventRecord } from '../lib/records/event.js';
import { eventStatus } from '../catalog/eventRules.js';
import { anyAvailableNow, inventory } from '../catalog/inventory.js';
import { lockKey, withLocks } from '../lib/locks.js';
import type { ChangeContext } from '../lib/harper.js';
import { ownedHere, ownerOf } from '../catalog/owners.js';
import { ownedChange } from '../catalog/ownership.js';
import { aheadOf, etaRange, etaSeconds, observedRate } from './line.js';
import { readStats } from './gateStats.js';
import type { GateStats } from '../lib/records/gateStats.js';
import { waitKeyOf, type TicketRecord } from '../lib/records/ticket.js';
import { takeLatePlace } from './latePlaces.js';
import { announceJoin, endTicket } from './queueChanges.js';
import type { QueueTicket } from '../lib/wire/queue.js';
import { fanId } from '../lib/records/ids.js';
import { keyedHash } from './appKey.js';
import { journal } from '../lib/journal.js';
import { takeSolution } from './challenge.js';

export type TicketView = QueueTicket;

/** A fan who reads its ticket at least this often keeps its checkout slot alive. */
const SEEN_WRITE_MS = 10_000;

/**
 * The same browser (fanKey) always maps to the same secret ticket id for an
 * event, on every node; without the application's key nobody can compute it.
 */
async function ticketIdFor(eventId: string, fanKey: string | undefined): Promise<string> {
  if (!fanKey) return fanId('t', eventId, nanoid(24));
  return fanId('t', eventId, (await keyedHash('fan-key', eventId, fanKey)).slice(0, 32));
}

async function assertJoinable(event: EventRecord, now: number): Promise<void> {
  const { totals } = await inventory(event.id);
  const status = eventStatus(event, totals.available, now);
  if (status === 'cancelled' || status === 'past') {
    throw conflict('not_on_sale', `This event is ${status === 'past' ? 'over' : 'cancelled'}.`);
  }
  const opensAt = Date.parse(event.onSaleAt) - event.waitingRoom.prequeueMinutes * 60_000;
  if (now < opensAt) {
    throw conflict('not_on_sale', 'The waiting room is not open yet.', { opensAt: new Date(opensAt).toISOString() });
  }
  // the snapshot may be older than the page that showed the fan seats: a refusal is checked on the seats themselves
  if (status === 'sold_out' && !(await anyAvailableNow(event.id))) {
    throw conflict('sold_out', 'This event is sold out: join the waitlist to hear the moment seats open.', {
      waitlist: '/waitlist/',
    });
  }
}

export async function joinQueue(eventId: string, fanKey?: string, challenge?: string): Promise<{ ticket: TicketView; created: boolean }> {
  const event = await getEvent(eventId);
  if (!event) throw notFound('event');
  const now = Date.now();
  const id = await ticketIdFor(eventId, fanKey);
  if (fanKey) {
    const existing = await tables.QueueTicket.get(id);
    if (existing) return { ticket: await ticketView(existing, event), created: false };
  }
  // the cheap check first: a sold-out refusal reads the seats (assertJoinable)
  if (event.waitingRoom.challenge === 'proof_of_work') await takeSolution(event.id, challenge);
  await assertJoinable(event, now);
  const join = { event, id, shared: !!fanKey, now };
  // an event with no owner yet has nobody to place a ticket: its join is refused as any change is
  const onOwner = ownedHere(event) || ownerOf(event) === null;
  const result = onOwner ? await joinOnOwner(join) : await joinElsewhere(join);
  if (result.created) {
    // only the owner announces joins: the owner finds tickets made elsewhere by itself (strayJoins.ts)
    if (onOwner) announceJoin(eventId);
    journal.joined();
  }
  return { ticket: await ticketView(result.record, event), created: result.created };
}

type Joined = { record: TicketRecord; created: boolean };
/** `shared`: the id comes from a fanKey, so two tabs may make it at once; a fresh random id is nobody else's. */
type Join = { event: EventRecord; id: string; shared: boolean; now: number };

/** The owner numbers a late joiner at once. */
async function joinOnOwner(join: Join): Promise<Joined> {
  try {
    return await ownedChange(join.event.id, locksOf(join), (ctx) => createTicket(join, true, ctx));
  } catch (error) {
    // the event moved away while this join waited: it joins as on any other node
    if (error instanceof ApiError && typeof error.extra.owner === 'string') return joinElsewhere(join);
    throw error;
  }
}

/**
 * Any other node keeps the ticket itself, without a place, and its owner
 * places it when the ticket reaches it through replication (admission.ts), so
 * a join costs the owner no hop and no lock. Nobody but the owner writes the
 * ticket after this, so replication's last writer is always the owner.
 */
function joinElsewhere(join: Join): Promise<Joined> {
  return withLocks(locksOf(join), (ctx) => createTicket(join, false, ctx));
}

const locksOf = (join: Join) => (join.shared ? [lockKey.ticket(join.id)] : []);

async function createTicket({ event, id, shared, now }: Join, onOwner: boolean, ctx: ChangeContext): Promise<Joined> {
  const existing = shared ? await tables.QueueTicket.get(id, ctx) : undefined;
  if (existing) return { record: existing, created: false };
  const record = await newTicket(id, event, now, onOwner);
  await tables.QueueTicket.put(record, ctx);
  return { record, created: true };
}

/**
 * A new place in line: numbered at once by the owner once the sale is open,
 * else left for the owner's ticker (admission.ts). Call it only for a ticket
 * that will be written: a place taken and never filled is a hole in the line.
 */
async function newTicket(id: string, event: EventRecord, now: number, onOwner: boolean): Promise<TicketRecord> {
  const eventId = event.id;
  const place = onOwner && now >= Date.parse(event.onSaleAt) ? await takeLatePlace(event) : null;
  return {
    id,
    eventId,
    state: 'waiting',
    // arrival order; the random part only orders fans who arrive in the same millisecond
    seq: now * 1000 + randomInt(1000),
    joinedAt: now,
    place,
    unplaced: place === null ? eventId : null,
    waitKey: place === null ? null : waitKeyOf(eventId, place),
    admittedAt: null,
    token: null,
    tokenExpiresAt: null,
    lastSeenAt: now,
    latestHoldId: null,
    slotEventId: null,
    admittedIn: null,
    endedAt: null,
    endReason: null,
  };
}

export async function readTicket(id: string): Promise<TicketView> {
  let ticket = await tables.QueueTicket.get(id);
  if (!ticket) throw notFound('queue ticket');
  if (ticket.state === 'admitted' && Date.now() - ticket.lastSeenAt > SEEN_WRITE_MS) ticket = await markSeen(ticket);
  return ticketView(ticket);
}

/**
 * The ticket as this node's copy has it, or null when the owner must answer:
 * a ticket this node has not received yet, an admitted one (reading it keeps
 * the fan's checkout slot alive), and one near the head of the line, whose
 * admission is what its fan waits to see: a copy may hear of it late, or,
 * when Harper's replication loses it, never (docs/harper.md). The crowd
 * further back reads its place from here and costs the owner nothing.
 */
export async function readTicketHere(id: string): Promise<TicketView | null> {
  const ticket = await tables.QueueTicket.get(id);
  if (!ticket || ticket.state === 'admitted') return null;
  const event = await getEvent(ticket.eventId);
  const view = await ticketView(ticket, event);
  const nearHead = event ? event.waitingRoom.maxActive + event.waitingRoom.admitPerMinute / 6 : 0;
  return view.state === 'waiting' && ticket.place !== null && (view.ahead ?? 0) < nearHead ? null : view;
}

/** A sign of life from an admitted fan: the idle rule leaves its slot alone. */
async function markSeen({ id, eventId }: TicketRecord): Promise<TicketRecord> {
  return ownedChange(eventId, [lockKey.ticket(id)], async (ctx) => {
    const ticket = found(await tables.QueueTicket.get(id, ctx), 'queue ticket');
    if (ticket.state !== 'admitted') return ticket;
    const seen = { ...ticket, lastSeenAt: Date.now() };
    await tables.QueueTicket.put(seen, ctx);
    return seen;
  });
}

/** Leaves the line, or gives the checkout slot back (checkout/leaveQueue.ts ends a live hold first). */
export async function leaveLine(id: string): Promise<void> {
  const snapshot = await tables.QueueTicket.get(id);
  if (!snapshot) throw notFound('queue ticket');
  await ownedChange(snapshot.eventId, [lockKey.ticket(id)], async (ctx) => {
    const ticket = found(await tables.QueueTicket.get(id, ctx), 'queue ticket');
    if (ticket.state === 'waiting' || ticket.state === 'admitted') await endTicket(ticket, 'done', 'left', Date.now(), ctx);
  });
}

/** How the fan's ticket looks from outside: state, place, wait, and the token once admitted. */
async function ticketView(ticket: TicketRecord, event?: EventRecord, knownStats?: GateStats): Promise<TicketView> {
  const now = Date.now();
  const view: TicketView = {
    ticketId: ticket.id,
    eventId: ticket.eventId,
    state: ticket.state === 'admitted' && (ticket.tokenExpiresAt ?? 0) <= now ? 'expired' : ticket.state,
    position: null,
    ahead: null,
    etaSeconds: null,
    etaRange: null,
  };
  if (view.state === 'waiting') {
    event ??= await getEvent(ticket.eventId);
    const sale = Date.parse(event?.onSaleAt ?? '');
    const stats = knownStats ?? (await readStats(ticket.eventId));
    if (now < sale) {
      // the pre-queue: places are drawn when the sale opens
      view.opensAt = new Date(sale).toISOString();
    } else {
      // a fan not placed yet (joined the pre-queue a moment before the draw) stands at the back
      const ahead = ticket.place !== null ? aheadOf(ticket.place, stats) : stats.waiting;
      const rate = stats.admitRate || (event?.waitingRoom.admitPerMinute ?? 600) / 60;
      view.ahead = ahead;
      view.position = ahead + 1;
      view.etaSeconds = etaSeconds(ahead, rate);
      // the last 15 s against the last minute, as measured: a line that speeds up or slows down widens the range
      const measured = [60_000, 15_000].map((span) => observedRate(stats.recentAdmissions, now, span) ?? 0);
      view.etaRange = etaRange(ahead, measured);
      // the place came from the pre-queue's draw, which the fan can check (GET /draws/{eventId})
      if (stats.shuffledAt && ticket.place !== null && ticket.place <= stats.prequeueSize) view.drawn = true;
    }
  }
  if (view.state === 'admitted') {
    view.token = ticket.token ?? undefined;
    view.tokenExpiresAt = new Date(ticket.tokenExpiresAt as number).toISOString();
  }
  return view;
}

/** The latest state of a ticket, as a late subscriber's first message. */
export async function readTicketMessage(id: string): Promise<Record<string, unknown> | undefined> {
  const ticket = await tables.QueueTicket.get(id);
  return ticket ? ticketMessage(await ticketView(ticket)) : undefined;
}

/** A ticket as a message on its topic. */
export function ticketMessage(view: QueueTicket): Record<string, unknown> {
  if (view.state === 'admitted') return { type: 'admitted', token: view.token, tokenExpiresAt: view.tokenExpiresAt };
  if (view.state === 'expired') return { type: 'expired' };
  if (view.state === 'done') return { type: 'done' };
  if (view.state === 'cancelled') return { type: 'cancelled' };
  if (view.state === 'sold_out') return { type: 'sold_out', waitlist: true };
  const { position, ahead, etaSeconds, etaRange, opensAt, drawn } = view;
  return { type: 'position', position, ahead, etaSeconds, etaRange, opensAt, drawn };
}

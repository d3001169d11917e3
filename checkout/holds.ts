// Holds: seats reserved for one fan for a few minutes, all or nothing.
import { nanoid } from 'nanoid';
import { tables } from '../lib/harper.js';
import { conflict, invalid } from '../lib/errors.js';
import type { EventRecord } from '../catalog/events.js';
import type { Hold } from '../lib/wire/checkout.js';
import { requireLiveSlot, recordHold } from '../queue/checkoutSlot.js';
import type { TicketRecord } from '../queue/ticketRecord.js';
import { bestAvailable } from './bestAvailable.js';
import { inventory, refresh } from './inventory.js';
import { offerLapsed, recordOffer, requireWaitingEntry, settleOffer } from './waitlistOffer.js';
import { lockKey, withSeatLock } from './seatLock.js';
import { seatState, type SeatRecord } from './seatStatus.js';

export type HoldStatus = 'active' | 'confirmed' | 'released' | 'expired';

export interface HeldSeat {
  id: string;
  section: string;
  row: number;
  number: number;
  price: number;
}

export interface HoldRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  waitlistId: string | null;
  seatIds: string[];
  seats: HeldSeat[];
  total: number;
  status: HoldStatus;
  expiresAt: number;
  createdAt: number;
}

/** Who a hold is for: an admitted queue ticket, or a waitlisted fan offered seats. */
export type HoldOwner = { ticketId: string } | { waitlistId: string };

/** A hold as the fan sees it: an active hold past its expiry is already expired. */
export function holdStatus(hold: HoldRecord, now = Date.now()): HoldStatus {
  return hold.status === 'active' && hold.expiresAt <= now ? 'expired' : hold.status;
}

export function holdView(hold: HoldRecord): Hold {
  return {
    holdId: hold.id,
    eventId: hold.eventId,
    status: holdStatus(hold),
    seats: hold.seats,
    total: hold.total,
    expiresAt: new Date(hold.expiresAt).toISOString(),
  };
}

export async function getHold(id: string): Promise<HoldRecord | undefined> {
  return tables.Hold.get(id);
}

/** Holds exactly these seats, or none of them (409 naming the ones taken). */
export async function holdSeats(event: EventRecord, owner: HoldOwner, seatIds: string[]): Promise<HoldRecord> {
  const ticketId = 'ticketId' in owner ? owner.ticketId : null;
  const waitlistId = 'waitlistId' in owner ? owner.waitlistId : null;
  const keys = seatIds.map(lockKey.seat);
  if (ticketId) keys.push(lockKey.ticket(ticketId));
  if (waitlistId) keys.push(lockKey.waitlist(waitlistId));
  return withSeatLock(keys, async (ctx) => {
    const now = Date.now();
    const ticket: TicketRecord | null = ticketId ? await requireLiveSlot(ticketId, event.id, ctx, now) : null;
    const entry = waitlistId ? await requireWaitingEntry(waitlistId, ctx) : null;
    const seats = (await Promise.all(seatIds.map((id) => tables.Seat.get(id, ctx)))) as (SeatRecord | undefined)[];
    const unknown = seatIds.filter((_, i) => !seats[i] || seats[i]!.eventId !== event.id);
    if (unknown.length) throw invalid('Some seats do not belong to this event.', { unknownSeats: unknown });
    const conflicts = (seats as SeatRecord[]).filter((seat) => seatState(seat, now) !== 'available').map((s) => s.id);
    if (conflicts.length) {
      throw conflict('seats_unavailable', 'Some of these seats were just taken: choose others.', { conflicts });
    }
    const held: HeldSeat[] = (seats as SeatRecord[]).map((seat) => ({
      id: seat.id,
      section: seat.section,
      row: seat.row,
      number: seat.number,
      price: event.prices[seat.section],
    }));
    const hold: HoldRecord = {
      id: `h-${nanoid(21)}`,
      eventId: event.id,
      ticketId,
      waitlistId,
      seatIds,
      seats: held,
      total: held.reduce((sum, seat) => sum + seat.price, 0),
      status: 'active',
      expiresAt: now + event.holdSeconds * 1000,
      createdAt: now,
    };
    for (const seat of seats as SeatRecord[]) {
      await tables.Seat.put({ ...seat, status: 'held', holdId: hold.id, heldUntil: hold.expiresAt, orderId: null }, ctx);
    }
    await tables.Hold.put(hold, ctx);
    if (ticket) await recordHold(ticket, hold.id, ctx, now);
    if (entry) await recordOffer(entry, hold, ctx);
    return hold;
  });
}

const BEST_AVAILABLE_ATTEMPTS = 4;

/** The best `quantity` seats of a section; retried on a fresh read when someone is quicker. */
export async function holdBestAvailable(event: EventRecord, owner: HoldOwner, section: string, quantity: number): Promise<HoldRecord> {
  if (!event.sections.includes(section)) throw invalid(`The event has no section "${section}".`, { field: 'section' });
  for (let attempt = 1; ; attempt++) {
    const sectionSeats = (await inventory(event.id)).seats.filter((seat) => seat.section === section);
    const free = sectionSeats.filter((seat) => seat.state === 'available');
    const seatsPerRow = Math.max(0, ...sectionSeats.map((seat) => seat.number));
    const choice = bestAvailable(free, quantity, seatsPerRow);
    if (!choice) {
      throw conflict('seats_unavailable', `Section "${section}" has fewer than ${quantity} seats left.`, { conflicts: [] });
    }
    try {
      return await holdSeats(event, owner, choice);
    } catch (error) {
      const taken = (error as { code?: string }).code === 'seats_unavailable';
      if (!taken || attempt >= BEST_AVAILABLE_ATTEMPTS) throw error;
      await refresh(event.id, choice);
    }
  }
}

/** The lock keys of a change to this hold: the hold, its seats, and the waitlist entry an offer belongs to. */
export function holdKeys(hold: HoldRecord): string[] {
  const keys = [lockKey.hold(hold.id), ...hold.seatIds.map(lockKey.seat)];
  if (hold.waitlistId) keys.push(lockKey.waitlist(hold.waitlistId));
  return keys;
}

/**
 * Ends an active hold and puts its seats back on sale. Returns the hold as it
 * now is, and the seats that came back (none if the hold was no longer active).
 */
export async function endHold(
  holdId: string,
  outcome: 'released' | 'expired',
): Promise<{ hold: HoldRecord; freedSeatIds: string[] } | undefined> {
  const snapshot = await getHold(holdId);
  if (!snapshot) return undefined;
  let lapsedOffer = false;
  const result = await withSeatLock(holdKeys(snapshot), async (ctx) => {
    const closed = await closeHold(holdId, outcome, ctx);
    if (closed.ended) lapsedOffer = await settleOffer(closed.hold, ctx);
    return { hold: closed.hold, freedSeatIds: closed.freedSeatIds };
  });
  if (lapsedOffer) offerLapsed(snapshot.waitlistId as string);
  return result;
}

/**
 * Inside a change that holds `holdKeys` of the hold: ends it if still active
 * and frees its seats. The ticket is left alone: its latestHoldId now names an
 * ended hold, which checkoutSlot.ts reads as none; an offer's entry is the caller's.
 */
export async function closeHold(
  holdId: string,
  outcome: 'released' | 'expired',
  ctx: object,
): Promise<{ hold: HoldRecord; freedSeatIds: string[]; ended: boolean }> {
  const hold = (await tables.Hold.get(holdId, ctx)) as HoldRecord;
  if (hold.status !== 'active') return { hold, freedSeatIds: [], ended: false };
  const freedSeatIds: string[] = [];
  for (const id of hold.seatIds) {
    const seat = (await tables.Seat.get(id, ctx)) as SeatRecord;
    if (seat.status === 'held' && seat.holdId === hold.id) {
      await tables.Seat.put({ ...seat, status: 'available', holdId: null, heldUntil: null }, ctx);
      freedSeatIds.push(id);
    }
  }
  const ended: HoldRecord = { ...hold, status: outcome };
  await tables.Hold.put(ended, ctx);
  return { hold: ended, freedSeatIds, ended: true };
}

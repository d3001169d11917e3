// Holds: seats reserved for one fan for a few minutes, all or nothing.
import { holdStatus, type HeldSeat, type HoldRecord } from '../lib/records/hold.js';
import type { ChangeContext } from '../lib/harper.js';
import { nanoid } from 'nanoid';
import { found, tables } from '../lib/tables.js';
import { conflict, invalid } from '../lib/errors.js';
import type { EventRecord } from '../lib/records/event.js';
import type { Hold } from '../lib/wire/checkout.js';
import { requireLiveSlot, recordHold } from '../queue/checkoutSlot.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { bestInSection } from './bestAvailable.js';
import { inventory, refresh, sectionNow } from '../catalog/inventory.js';
import { offerLapsed, recordOffer, requireWaitingEntry, settleOffer } from './waitlistOffer.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import { seatState, type SeatRecord } from '../lib/records/seat.js';
import { fanId } from '../lib/records/ids.js';
import { journal } from '../lib/journal.js';

/** Who a hold is for: an admitted queue ticket, or a waitlisted fan offered seats. */
export type HoldOwner = { ticketId: string } | { waitlistId: string };

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
  const hold = await ownedChange(event.id, keys, async (ctx, current) => {
    requireOnSale(current);
    const now = Date.now();
    const ticket: TicketRecord | null = ticketId ? await requireLiveSlot(ticketId, event.id, ctx, now) : null;
    const entry = waitlistId ? await requireWaitingEntry(waitlistId, ctx) : null;
    const found = await Promise.all(seatIds.map((id) => tables.Seat.get(id, ctx)));
    const seats = found.filter((seat): seat is SeatRecord => seat?.eventId === event.id);
    if (seats.length < seatIds.length) {
      const unknown = seatIds.filter((_, i) => found[i]?.eventId !== event.id);
      throw invalid('Some seats do not belong to this event.', { unknownSeats: unknown });
    }
    const conflicts = seats.filter((seat) => seatState(seat, now) !== 'available').map((s) => s.id);
    if (conflicts.length) {
      journal.holdRefused(event.id, conflicts);
      throw conflict('seats_unavailable', 'Some of these seats were just taken: choose others.', { conflicts });
    }
    const held: HeldSeat[] = seats.map((seat) => ({
      id: seat.id,
      section: seat.section,
      row: seat.row,
      number: seat.number,
      price: event.prices[seat.section],
    }));
    const hold: HoldRecord = {
      id: fanId('h', event.id, nanoid(21)),
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
    for (const seat of seats) {
      await tables.Seat.put({ ...seat, status: 'held', holdId: hold.id, heldUntil: hold.expiresAt, orderId: null }, ctx);
    }
    await tables.Hold.put(hold, ctx);
    if (ticket) await recordHold(ticket, hold.id, ctx, now);
    if (entry) await recordOffer(entry, hold, ctx);
    return hold;
  });
  journal.holdCreated(hold);
  return hold;
}

/** A cancelled event takes no new hold and no order, whoever asks (read under the change's locks). */
export function requireOnSale(event: Pick<EventRecord, 'cancelled'> | undefined): void {
  if (event?.cancelled) throw conflict('not_on_sale', 'This event is cancelled: it takes no new holds or orders.');
}

const BEST_AVAILABLE_ATTEMPTS = 4;

/**
 * The best `quantity` seats of a section. The first choice comes from the
 * thread's snapshot; when it finds too few seats, or someone was quicker, the
 * seats themselves are read: a refusal never rests on a snapshot, which may be
 * older than the page the fan chose from.
 */
export async function holdBestAvailable(event: EventRecord, owner: HoldOwner, section: string, quantity: number): Promise<HoldRecord> {
  if (!event.sections.includes(section)) throw invalid(`The event has no section "${section}".`, { field: 'section' });
  const now = () => sectionNow(event.id, event.sections.indexOf(section));
  let seats = (await inventory(event.id)).seats;
  for (let attempt = 1; ; attempt++) {
    let choice = bestInSection(seats, section, quantity);
    if (!choice && attempt === 1) choice = bestInSection((seats = await now()), section, quantity);
    if (!choice) {
      throw conflict('seats_unavailable', `Section "${section}" has fewer than ${quantity} seats left.`, { conflicts: [] });
    }
    try {
      return await holdSeats(event, owner, choice);
    } catch (error) {
      const taken = (error as { code?: string }).code === 'seats_unavailable';
      if (!taken || attempt >= BEST_AVAILABLE_ATTEMPTS) throw error;
      // the snapshot is told soon; the next choice must not wait for it
      await refresh(event.id, choice);
      seats = await now();
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
  const result = await ownedChange(snapshot.eventId, holdKeys(snapshot), async (ctx) => {
    const closed = await closeHold(holdId, outcome, ctx);
    if (closed.ended) lapsedOffer = await settleOffer(closed.hold, ctx);
    return closed;
  });
  if (lapsedOffer) offerLapsed(snapshot.waitlistId as string);
  if (result.ended) journal.holdEnded(result.hold, outcome);
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
  ctx: ChangeContext,
): Promise<{ hold: HoldRecord; freedSeatIds: string[]; ended: boolean }> {
  const hold = found(await tables.Hold.get(holdId, ctx), 'hold');
  if (hold.status !== 'active') return { hold, freedSeatIds: [], ended: false };
  const freedSeatIds: string[] = [];
  for (const id of hold.seatIds) {
    const seat = found(await tables.Seat.get(id, ctx), 'seat');
    if (seat.status === 'held' && seat.holdId === hold.id) {
      await tables.Seat.put({ ...seat, status: 'available', holdId: null, heldUntil: null }, ctx);
      freedSeatIds.push(id);
    }
  }
  const ended: HoldRecord = { ...hold, status: outcome, endedAt: Date.now() };
  await tables.Hold.put(ended, ctx);
  return { hold: ended, freedSeatIds, ended: true };
}

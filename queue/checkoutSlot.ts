// The rules a checkout slot imposes on holds, applied inside the change's locks
// (the caller locks the ticket's key along with the seats): a token opens
// holds only while its ticket still occupies a slot, one live hold at a time.
// The latest hold is read without its lock: a hold only ever stops being
// active, so a read a moment old can refuse a new hold, never allow two.
import type { ChangeContext } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import { invalid, unauthorized } from '../lib/errors.js';
import { holdStatus } from '../lib/records/hold.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { endTicket } from './queueChanges.js';

export async function requireLiveSlot(ticketId: string, eventId: string, ctx: ChangeContext, now: number): Promise<TicketRecord> {
  const ticket = await tables.QueueTicket.get(ticketId, ctx);
  if (!ticket || ticket.eventId !== eventId || ticket.state !== 'admitted' || (ticket.tokenExpiresAt ?? 0) <= now) {
    throw unauthorized('token_revoked', 'Your checkout slot has ended: rejoin the queue.');
  }
  if (await holdIsLive(ticket.latestHoldId, now, ctx)) {
    throw invalid('This ticket already has an active hold: buy or release it first.', { holdId: ticket.latestHoldId });
  }
  return ticket;
}

/** Whether a ticket's latest hold still keeps its seats (and the fan's slot from going idle). */
export async function holdIsLive(holdId: string | null, now: number, ctx?: ChangeContext): Promise<boolean> {
  if (!holdId) return false;
  const hold = await tables.Hold.get(holdId, ctx);
  return !!hold && holdStatus(hold, now) === 'active';
}

export async function recordHold(ticket: TicketRecord, holdId: string | null, ctx: ChangeContext, now: number): Promise<void> {
  await tables.QueueTicket.put({ ...ticket, latestHoldId: holdId, lastSeenAt: now }, ctx);
}

/** The fan bought: the slot goes back to the queue. */
export async function completeSlot(ticketId: string, ctx: ChangeContext, now: number): Promise<void> {
  const ticket = await tables.QueueTicket.get(ticketId, ctx);
  if (ticket && ticket.state === 'admitted') await endTicket(ticket, 'done', 'completed', now, ctx);
}

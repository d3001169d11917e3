// The fans of a cancelled event: each one still waiting or in checkout is let
// go (state cancelled) and told on its topic, a batch at a time so that a long
// line does not hold the admission ticker (admission.ts) for long.
import { tables } from '../lib/tables.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { notifier } from '../realtime/notifier.js';
import { endTicket } from './queueChanges.js';
import { lineFrom } from './lineReads.js';

const BATCH = 500;

async function ticketsBy(attribute: 'slotEventId' | 'unplaced', eventId: string): Promise<TicketRecord[]> {
  const tickets: TicketRecord[] = [];
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute, value: eventId }], limit: BATCH })) tickets.push(t);
  return tickets;
}

/** Ends up to BATCH of the event's live tickets: in checkout, in line, not placed yet. How many were found. */
export async function endSomeTickets(eventId: string): Promise<number> {
  const batch = [
    ...(await ticketsBy('slotEventId', eventId)),
    ...(await lineFrom(eventId, 1, BATCH)),
    ...(await ticketsBy('unplaced', eventId)),
  ].slice(0, BATCH);
  if (!batch.length) return 0;
  const ended = await ownedChange(
    eventId,
    batch.map((t) => lockKey.ticket(t.id)),
    async (ctx) => {
      const ids: string[] = [];
      for (const { id } of batch) {
        const ticket = await tables.QueueTicket.get(id, ctx); // none: a replicated ticket not here yet
        if (!ticket || (ticket.state !== 'waiting' && ticket.state !== 'admitted')) continue;
        await endTicket(ticket, 'cancelled', 'cancelled', Date.now(), ctx);
        ids.push(id);
      }
      return ids;
    },
  );
  for (const id of ended) notifier.cancelled(id);
  return batch.length;
}

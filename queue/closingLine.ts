// A line that closes: when the event is cancelled, every fan still waiting or
// in checkout is let go (state cancelled); when it sells out, every fan still
// waiting is (state sold_out, pointed to the waitlist), so nobody waits for
// nothing. Each is told on its topic, a batch at a time so that a long line
// does not hold the admission ticker (admission.ts) for long.
import { tables } from '../lib/tables.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { notifier } from '../realtime/notifier.js';
import { endTicket } from './queueChanges.js';
import { lineFrom } from './lineReads.js';

const BATCH = 500;

export type Closing = 'cancelled' | 'sold_out';

async function ticketsBy(attribute: 'slotEventId' | 'unplaced', eventId: string): Promise<TicketRecord[]> {
  const tickets: TicketRecord[] = [];
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute, value: eventId }], limit: BATCH })) tickets.push(t);
  return tickets;
}

/** Ends up to BATCH of the event's tickets: in line, not placed yet, and for a cancellation in checkout. How many were found. */
export async function endSomeTickets(eventId: string, why: Closing): Promise<number> {
  const batch = [
    ...(why === 'cancelled' ? await ticketsBy('slotEventId', eventId) : []),
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
        if (!ticket || !(ticket.state === 'waiting' || (why === 'cancelled' && ticket.state === 'admitted'))) continue;
        await endTicket(ticket, why, why, Date.now(), ctx);
        ids.push(id);
      }
      return ids;
    },
  );
  for (const id of ended) (why === 'cancelled' ? notifier.cancelled : notifier.soldOut)(id);
  return batch.length;
}

// What the admission ticker hears from other threads. It does not subscribe
// to QueueTicket: during an on-sale burst, delivering every join and every
// placement to worker 0 would cost it more than the joins themselves. Two
// kinds of message go out on the QueueChange table (published, never stored):
//   joined — fans joined this event's line on its owner: at most one message
//     per event every JOIN_NOTICE_MS from each thread, sent after those joins
//     committed (joins on other nodes are found by strayJoins.ts);
//   ended  — a ticket left the line or gave up its slot, with what the gate's
//     figures need; published in the ending's own transaction, so it goes out
//     only if the ending commits.
import { tables } from '../lib/tables.js';
import { logger, type ChangeContext } from '../lib/harper.js';
import { ended, type EndReason, type EndState, type TicketRecord } from '../lib/records/ticket.js';

const JOIN_NOTICE_MS = 20;

/** A ticket that stopped waiting or gave up its slot, as the ticker counts it. */
export interface Ending {
  ticketId: string;
  place: number | null;
  admittedAt: number | null;
  endedAt: number;
  endReason: EndReason;
}

type Change = { type: 'joined' } | { type: 'ended'; ending: Ending };

const noticeDue = new Set<string>();

/** Tells the ticker that fans joined an event's line (call after the join committed). */
export function announceJoin(eventId: string): void {
  if (noticeDue.has(eventId)) return; // the notice already due covers this join too
  noticeDue.add(eventId);
  setTimeout(() => {
    noticeDue.delete(eventId);
    Promise.resolve(tables.QueueChange.publish(eventId, { type: 'joined' } satisfies Change)).catch((error: unknown) =>
      logger.warn('join notice failed', error),
    );
  }, JOIN_NOTICE_MS).unref();
}

/** Ends a ticket inside a locked change (`ctx`), and tells the ticker once it commits. */
export async function endTicket(ticket: TicketRecord, state: EndState, reason: EndReason, now: number, ctx: ChangeContext): Promise<void> {
  const record = ended(ticket, state, reason, now);
  await tables.QueueTicket.put(record, ctx);
  const ending: Ending = { ticketId: record.id, place: record.place, admittedAt: record.admittedAt, endedAt: now, endReason: reason };
  await tables.QueueChange.publish(ticket.eventId, { type: 'ended', ending } satisfies Change, ctx);
}

interface QueueListener {
  joined(eventId: string): void;
  ended(eventId: string, ending: Ending): void;
}

/** Hears every thread's joins and endings from now on (the ticker, on worker 0). */
export async function watchQueueChanges(listener: QueueListener): Promise<void> {
  const changes = await tables.QueueChange.subscribe({ omitCurrent: true });
  (async () => {
    for await (const { id, value } of changes) {
      const change = value as unknown as Change | undefined;
      if (change?.type === 'joined') listener.joined(id);
      else if (change?.type === 'ended') listener.ended(id, change.ending);
    }
  })().catch((error) => logger.error('queue watch stopped', error));
}

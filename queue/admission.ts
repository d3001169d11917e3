// The admission ticker: the only code that lets fans in. It runs on worker
// thread 0 (Harper restarts a lost thread as worker 0 and the ticker resumes
// from the tables), so the count of live slots and the decision to admit have
// one owner and the cap cannot be overshot by two threads admitting at once.
// It wakes on every queue change from any thread, and at least every TICK_MS.
import { tables, logger } from '../lib/harper.js';
import { getEvent, type EventRecord } from '../catalog/events.js';
import { lockKey, withSeatLock } from '../checkout/seatLock.js';
import { signAdmission } from './tokens.js';
import { ended, waitKeyPrefix, type TicketRecord } from './ticketRecord.js';

const TICK_MS = 250;

const openEvents = new Set<string>();
let running = false;
let again = false;

export async function startAdmissionTicker(): Promise<void> {
  for await (const ticket of tables.QueueTicket.search({ conditions: [] }) as AsyncIterable<TicketRecord>) {
    if (ticket.state === 'waiting' || ticket.state === 'admitted') openEvents.add(ticket.eventId);
  }
  const changes = await tables.QueueTicket.subscribe({ omitCurrent: true });
  (async () => {
    for await (const change of changes) {
      const ticket = change.value as TicketRecord | undefined;
      // a fan joining or a slot ending can change who is admitted; holds on a live slot cannot
      if (!ticket || ticket.state === 'admitted') continue;
      openEvents.add(ticket.eventId);
      wake();
    }
  })().catch((error) => logger.error('queue watch stopped', error));
  setInterval(wake, TICK_MS).unref();
  wake();
}

function wake(): void {
  if (running) {
    again = true;
    return;
  }
  running = true;
  tickAll()
    .catch((error) => logger.error('admission tick failed', error))
    .finally(() => {
      running = false;
      if (again) {
        again = false;
        setImmediate(wake);
      }
    });
}

async function tickAll(): Promise<void> {
  tables.QueueTicket.primaryStore.resetReadTxn(); // see every thread's latest commit
  for (const eventId of [...openEvents]) {
    const busy = await tickEvent(eventId);
    if (!busy) openEvents.delete(eventId);
  }
}

/** Ends lapsed slots and fills free ones from the head of the line; false when the event's room is empty. */
async function tickEvent(eventId: string): Promise<boolean> {
  const event = await getEvent(eventId);
  if (!event) return false;
  const now = Date.now();
  const slots: TicketRecord[] = [];
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute: 'slotEventId', value: eventId }] })) slots.push(t);
  const lapsed = slots.filter((t) => (t.tokenExpiresAt ?? 0) <= now);
  if (lapsed.length) await endSlots(lapsed, 'token_expired');
  const live = slots.length - lapsed.length;
  const free = event.waitingRoom.maxActive - live;
  const head = free > 0 && admitting(event, now) ? await headOfLine(eventId, free) : [];
  if (head.length) await admit(event, head);
  return live > 0 || head.length > 0 || (await headOfLine(eventId, 1)).length > 0;
}

function admitting(event: EventRecord, now: number): boolean {
  return !event.cancelled && now >= Date.parse(event.onSaleAt) && now < Date.parse(event.startsAt);
}

async function headOfLine(eventId: string, count: number): Promise<TicketRecord[]> {
  const query = { conditions: [{ attribute: 'waitKey', comparator: 'starts_with', value: waitKeyPrefix(eventId) }], limit: count };
  const head: TicketRecord[] = [];
  for await (const t of tables.QueueTicket.search(query)) head.push(t);
  return head;
}

async function endSlots(tickets: TicketRecord[], reason: string): Promise<void> {
  await withSeatLock(tickets.map((t) => lockKey.ticket(t.id)), async (ctx) => {
    const now = Date.now();
    for (const { id } of tickets) {
      const ticket = (await tables.QueueTicket.get(id, ctx)) as TicketRecord;
      if (ticket.state === 'admitted') await tables.QueueTicket.put(ended(ticket, 'expired', reason, now), ctx);
    }
  });
}

async function admit(event: EventRecord, tickets: TicketRecord[]): Promise<void> {
  await withSeatLock(tickets.map((t) => lockKey.ticket(t.id)), async (ctx) => {
    const now = Date.now();
    // whole seconds: the token's own expiry claim has no finer grain
    const tokenExpiresAt = Math.floor(now / 1000) * 1000 + event.waitingRoom.tokenSeconds * 1000;
    for (const { id } of tickets) {
      const ticket = (await tables.QueueTicket.get(id, ctx)) as TicketRecord;
      if (ticket.state !== 'waiting') continue; // left while we decided
      const token = await signAdmission({ eventId: event.id, ticketId: id, expiresAt: tokenExpiresAt });
      await tables.QueueTicket.put(
        { ...ticket, state: 'admitted', admittedAt: now, token, tokenExpiresAt, lastSeenAt: now, slotEventId: event.id, waitKey: null },
        ctx,
      );
    }
  });
}

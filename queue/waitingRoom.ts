// Joining, reading and leaving an event's waiting room. Only the admission
// ticker (admission.ts) lets fans in; requests here never admit anyone, so the
// checkout cap has a single owner.
import { createHmac, randomInt } from 'node:crypto';
import { nanoid } from 'nanoid';
import { tables } from '../lib/harper.js';
import { conflict, notFound } from '../lib/errors.js';
import { getEvent, type EventRecord } from '../catalog/events.js';
import { eventStatus } from '../catalog/eventRules.js';
import { inventory } from '../checkout/inventory.js';
import { endHold } from '../checkout/holds.js';
import { lockKey, withSeatLock } from '../checkout/seatLock.js';
import { ended, waitKeyOf, waitKeyPrefix, type TicketRecord } from './ticketRecord.js';

export interface TicketView {
  ticketId: string;
  eventId: string;
  state: TicketRecord['state'];
  position: number | null;
  ahead: number | null;
  etaSeconds: number | null;
  opensAt?: string;
  token?: string;
  tokenExpiresAt?: string;
}

/** The same browser (fanKey) always maps to the same secret ticket id for an event. */
function ticketIdFor(eventId: string, fanKey: string | undefined): string {
  if (!fanKey) return `t-${nanoid(24)}`;
  const secret = process.env.ADMISSION_TOKEN_SECRET ?? 'fan-key';
  return `t-${createHmac('sha256', secret).update(`${eventId}\n${fanKey}`).digest('base64url').slice(0, 32)}`;
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
  if (status === 'sold_out') {
    throw conflict('sold_out', 'This event is sold out: join the waitlist to hear the moment seats open.', {
      waitlist: '/waitlist/',
    });
  }
}

export async function joinQueue(eventId: string, fanKey?: string): Promise<{ ticket: TicketView; created: boolean }> {
  const event = await getEvent(eventId);
  if (!event) throw notFound('event');
  const now = Date.now();
  const id = ticketIdFor(eventId, fanKey);
  if (fanKey) {
    const existing = (await tables.QueueTicket.get(id)) as TicketRecord | undefined;
    if (existing) return { ticket: await ticketView(existing, event), created: false };
  }
  await assertJoinable(event, now);
  // arrival order; the random part only orders fans who arrive in the same millisecond
  const seq = now * 1000 + randomInt(1000);
  const result = await withSeatLock([lockKey.ticket(id)], async (ctx) => {
    const existing = (await tables.QueueTicket.get(id, ctx)) as TicketRecord | undefined;
    if (existing) return { record: existing, created: false };
    const record: TicketRecord = {
      id,
      eventId,
      state: 'waiting',
      seq,
      joinedAt: now,
      admittedAt: null,
      token: null,
      tokenExpiresAt: null,
      lastSeenAt: now,
      activeHoldId: null,
      slotEventId: null,
      waitKey: waitKeyOf(eventId, seq),
      endedAt: null,
      endReason: null,
    };
    await tables.QueueTicket.put(record, ctx);
    return { record, created: true };
  });
  return { ticket: await ticketView(result.record, event), created: result.created };
}

export async function readTicket(id: string): Promise<TicketView> {
  const ticket = (await tables.QueueTicket.get(id)) as TicketRecord | undefined;
  if (!ticket) throw notFound('queue ticket');
  return ticketView(ticket);
}

/** Leaves the line, or gives the checkout slot (and any live hold) back. */
export async function leaveQueue(id: string): Promise<void> {
  const snapshot = (await tables.QueueTicket.get(id)) as TicketRecord | undefined;
  if (!snapshot) throw notFound('queue ticket');
  if (snapshot.activeHoldId) await endHold(snapshot.activeHoldId, 'released');
  await withSeatLock([lockKey.ticket(id)], async (ctx) => {
    const ticket = (await tables.QueueTicket.get(id, ctx)) as TicketRecord;
    if (ticket.state === 'waiting' || ticket.state === 'admitted') {
      await tables.QueueTicket.put(ended(ticket, 'done', 'left', Date.now()), ctx);
    }
  });
}

async function countAhead(ticket: TicketRecord): Promise<number> {
  let ahead = 0;
  const query = {
    conditions: [{ attribute: 'waitKey', comparator: 'between', value: [waitKeyPrefix(ticket.eventId), ticket.waitKey] }],
    select: ['id'],
  };
  for await (const other of tables.QueueTicket.search(query)) if (other.id !== ticket.id) ahead++;
  return ahead;
}

async function ticketView(ticket: TicketRecord, event?: EventRecord): Promise<TicketView> {
  const view: TicketView = {
    ticketId: ticket.id,
    eventId: ticket.eventId,
    state: ticket.state === 'admitted' && (ticket.tokenExpiresAt ?? 0) <= Date.now() ? 'expired' : ticket.state,
    position: null,
    ahead: null,
    etaSeconds: null,
  };
  if (view.state === 'waiting') {
    const ahead = await countAhead(ticket);
    view.ahead = ahead;
    view.position = ahead + 1;
    const onSale = Date.parse((event ?? (await getEvent(ticket.eventId)))?.onSaleAt ?? '');
    if (Date.now() < onSale) view.opensAt = new Date(onSale).toISOString();
  }
  if (view.state === 'admitted') {
    view.token = ticket.token ?? undefined;
    view.tokenExpiresAt = new Date(ticket.tokenExpiresAt as number).toISOString();
  }
  return view;
}

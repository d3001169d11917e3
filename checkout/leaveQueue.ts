// A fan leaving the queue: a place in line is simply given up; an admitted
// fan also gives back the checkout slot, and any live hold goes back on sale
// with it instead of lapsing minutes later.
import { notFound } from '../lib/errors.js';
import { tables } from '../lib/tables.js';
import { holdIsLive } from '../queue/checkoutSlot.js';
import { leaveLine } from '../queue/waitingRoom.js';
import { endHold } from './holds.js';

export async function leaveQueue(ticketId: string): Promise<void> {
  const ticket = await tables.QueueTicket.get(ticketId);
  if (!ticket) throw notFound('queue ticket');
  if (ticket.latestHoldId && (await holdIsLive(ticket.latestHoldId, Date.now()))) await endHold(ticket.latestHoldId, 'released');
  await leaveLine(ticketId);
}

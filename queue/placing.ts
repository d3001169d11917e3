// Giving fans their places in line: the pre-queue's draw when the sale opens,
// and fans who joined through another node, whose tickets reach the owner
// without a place (waitingRoom.ts). Run by the admission ticker (admission.ts).
import { tables } from '../lib/tables.js';
import { lockKey } from '../lib/locks.js';
import { ownedChange } from '../catalog/ownership.js';
import type { EventRecord } from '../lib/records/event.js';
import type { GateStats } from '../lib/records/gateStats.js';
import { waitKeyOf, type TicketRecord } from '../lib/records/ticket.js';
import { lineOrder } from './line.js';
import { takeLatePlace } from './latePlaces.js';
import { entryOf } from './draw.js';
import { drawOf, recordDraw } from './drawResults.js';

/**
 * Gives places to fans who have none: the pre-queue, and fans who joined
 * through another node (waitingRoom.ts). The first time after the sale
 * opens, the pre-queue is drawn in a random order from the event's committed
 * seed, and the drawn order published (drawResults.ts); a pre-queue join that commits after the draw goes
 * behind it, still ahead of every late place. A late joiner from another node
 * takes the next late place when its ticket reaches the owner, so it stands
 * behind fans who joined on the owner meanwhile (replication lag: ms). A
 * backlog is placed a batch a tick (admission.ts), the earliest arrivals
 * first. Returns the gate's figures with the places given.
 */
export async function placeInLine(event: EventRecord, placedSoFar: GateStats, ids: string[]): Promise<GateStats> {
  const sale = Date.parse(event.onSaleAt);
  let stats = placedSoFar;
  await ownedChange(
    event.id,
    ids.map((id) => lockKey.ticket(id)),
    async (ctx) => {
      const unplaced: TicketRecord[] = [];
      for (const id of ids) {
        // a ticket from another node can be in the index a moment before its record: the next tick places it
        const ticket = await tables.QueueTicket.get(id, ctx);
        if (ticket?.state === 'waiting' && ticket.place === null) unplaced.push(ticket); // or it left meanwhile
      }
      const found = stats.shuffledAt ? null : await drawOf(event.id, ctx);
      // figures that lag the stored draw (a new owner's copy) must not draw again over a published order
      if (found?.drawnAt) stats = { ...stats, shuffleSeed: found.seed, shuffledAt: found.drawnAt, prequeueSize: found.entrants ?? 0 };
      const draw = found?.drawnAt ? null : found;
      const order = lineOrder(unplaced, sale, draw?.seed ?? null);
      if (draw) {
        const early = unplaced.filter((t) => t.joinedAt < sale).length;
        await recordDraw(
          draw,
          order.slice(0, early).map((t) => entryOf(t.id)),
          ctx,
        );
        stats = { ...stats, shuffleSeed: draw.seed, shuffledAt: new Date().toISOString(), prequeueSize: early };
      }
      let place = stats.lastPlace;
      for (const ticket of order) {
        const at = ticket.joinedAt < sale ? ++place : await takeLatePlace(event);
        await tables.QueueTicket.put({ ...ticket, place: at, unplaced: null, waitKey: waitKeyOf(event.id, at) }, ctx);
      }
      // where the pre-queue ends, and the draw's seed, commit with the places or not at all
      stats = { ...stats, lastPlace: place };
      await tables.GateStats.put({ ...stats, updatedAt: Date.now() }, ctx);
    },
  );
  return stats;
}

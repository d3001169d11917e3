// The checkout slots of one event that the admission ticker counts as live.
// Reading every slot's ticket on every tick (4 times a second and after every
// burst of joins) would be one of worker 0's largest costs during an on-sale,
// so the ticker reads them all only when one may have lapsed or gone idle, and
// at least every RESCAN_MS; in between it keeps the set up to date from the fans
// it admits (counted as each batch commits) and the endings it sees. Only the
// ticker admits, so the set never misses a live slot and the cap cannot be
// overshot; after a failed tick it reads them all again.
import { tables } from '../lib/tables.js';
import { holdIsLive } from './checkoutSlot.js';
import type { EndReason, TicketRecord } from '../lib/records/ticket.js';

const RESCAN_MS = 500;

type EndSlots = (tickets: TicketRecord[], reason: EndReason) => Promise<void>;

export class LiveSlots {
  private readonly ids = new Set<string>();
  /** when the next full read is due; 0 until the first */
  private checkAt = 0;

  /** The number of live slots, after ending (through `end`) the ones that lapsed or went idle. */
  async count(eventId: string, idleMs: number, now: number, end: EndSlots): Promise<number> {
    if (now >= this.checkAt) await this.rescan(eventId, idleMs, now, end);
    return this.ids.size;
  }

  /** Read all slots at the next count: something failed halfway. */
  recount(): void {
    this.checkAt = 0;
  }

  admitted(tickets: TicketRecord[]): void {
    for (const ticket of tickets) this.ids.add(ticket.id);
  }

  /** A slot ended elsewhere (bought, left) or by the ticker: idempotent. */
  ended(ticketId: string): void {
    this.ids.delete(ticketId);
  }

  private async rescan(eventId: string, idleMs: number, now: number, end: EndSlots): Promise<void> {
    const lapsed: TicketRecord[] = [];
    const idle: TicketRecord[] = [];
    const live: TicketRecord[] = [];
    let checkAt = now + RESCAN_MS;
    tables.QueueTicket.primaryStore.resetReadTxn(); // every thread's latest commit
    const slots = [
      ...(tables.QueueTicket.search({ conditions: [{ attribute: 'slotEventId', value: eventId }] }) as unknown as Iterable<TicketRecord>),
    ];
    for (const t of slots) {
      const expiresAt = t.tokenExpiresAt ?? 0;
      const idleAt = t.lastSeenAt + idleMs;
      if (expiresAt <= now) lapsed.push(t);
      // a live hold keeps an otherwise idle fan's slot; the periodic read sees it end
      else if (idleAt <= now && !(await holdIsLive(t.latestHoldId, now))) idle.push(t);
      else {
        live.push(t);
        // lastSeenAt only ever moves on, so neither deadline can come sooner than read here
        checkAt = Math.min(checkAt, expiresAt, idleAt > now ? idleAt : checkAt);
      }
    }
    if (lapsed.length) await end(lapsed, 'token_expired');
    if (idle.length) await end(idle, 'idle');
    this.ids.clear();
    for (const t of live) this.ids.add(t.id);
    this.checkAt = checkAt;
  }
}

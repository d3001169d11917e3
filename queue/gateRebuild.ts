// The gate's figures when the ticker takes up an event (at start-up, or when
// worker 0 comes back): the counts of admissions and their outcomes live in
// memory between writes, and endings reach the ticker as messages that are
// never stored, so after a crash the stored figures can be short. They are
// counted again from the tickets ever admitted (the admittedIn index: the
// fans who reached checkout, never the whole line). Who left the line is
// found again by the ticker's first pass over the line (lineHoles.ts).
import { tables } from '../lib/tables.js';
import { emptyStats, type GateStats } from '../lib/records/gateStats.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { admissionFigures } from './admissionFigures.js';

/** An ending older than this has reached the ticker, if it ever will. */
const MESSAGE_IN_FLIGHT_MS = 60_000;

/**
 * The event's stored figures, with the admission counts taken from the
 * stored tickets where those say more (the stored ones lose the counts of the
 * last moments before a crash; tickets admitted before the admittedIn index
 * existed are not in the recount); `counted`: the tickets whose recent ending
 * the recount includes, whose message may still be on its way to the ticker.
 */
export async function rebuiltStats(eventId: string): Promise<{ stats: GateStats; counted: Set<string> }> {
  const stored = (await tables.GateStats.get(eventId)) ?? emptyStats(eventId);
  const admitted: TicketRecord[] = [];
  tables.QueueTicket.primaryStore.resetReadTxn();
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute: 'admittedIn', value: eventId }] })) admitted.push(t);
  const recount = admissionFigures(admitted);
  const recent = Date.now() - MESSAGE_IN_FLIGHT_MS;
  const counted = new Set(admitted.filter((t) => t.endReason !== null && (t.endedAt ?? 0) > recent).map((t) => t.id));
  const stats: GateStats = {
    ...stored,
    admittedTotal: Math.max(stored.admittedTotal, recount.admittedTotal),
    completed: Math.max(stored.completed, recount.completed),
    abandoned: Math.max(stored.abandoned, recount.abandoned),
    recentAdmissions: recount.recentAdmissions.length ? recount.recentAdmissions : stored.recentAdmissions,
    checkoutSeconds: recount.checkoutSeconds.length ? recount.checkoutSeconds : stored.checkoutSeconds,
  };
  return { stats, counted };
}

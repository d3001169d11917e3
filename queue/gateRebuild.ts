// The gate's figures when the ticker takes up an event (at start-up, or when
// worker 0 comes back): the counts of admissions and their outcomes live in
// memory between writes, and endings reach the ticker as messages that are
// never stored, so after a crash the stored figures can be short. They are
// counted again from the tickets ever admitted (the admittedIn index: one
// record per checkout slot, never the whole line). Who left the line is
// found again by the ticker's first pass over the line (lineHoles.ts).
import { tables } from '../lib/tables.js';
import { emptyStats, type GateStats } from '../lib/records/gateStats.js';
import type { TicketRecord } from '../lib/records/ticket.js';
import { admissionFigures } from './admissionFigures.js';

/**
 * The event's stored figures, with the admission counts taken from the
 * stored tickets; `counted`: the tickets whose ending those counts include,
 * whose ending message may still be on its way to the ticker.
 */
export async function rebuiltStats(eventId: string): Promise<{ stats: GateStats; counted: Set<string> }> {
  const stored = (await tables.GateStats.get(eventId)) ?? emptyStats(eventId);
  const admitted: TicketRecord[] = [];
  tables.QueueTicket.primaryStore.resetReadTxn();
  for await (const t of tables.QueueTicket.search({ conditions: [{ attribute: 'admittedIn', value: eventId }] })) admitted.push(t);
  const counted = new Set(admitted.filter((t) => t.endReason !== null).map((t) => t.id));
  return { stats: { ...stored, ...admissionFigures(admitted) }, counted };
}

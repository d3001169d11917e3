// What the gate's figures say about admissions, counted from the admitted
// tickets alone (queue/gateRebuild.ts), as the ticker counts them live.
import type { TicketRecord } from '../lib/records/ticket.js';

/** how many of the latest admissions and checkouts the figures keep */
export const RECENT = 100;

export function admissionFigures(admitted: Pick<TicketRecord, 'admittedAt' | 'endedAt' | 'endReason'>[]) {
  let completed = 0;
  let abandoned = 0;
  const finished: { at: number; seconds: number }[] = [];
  for (const t of admitted) {
    if (t.endReason === 'completed') {
      completed++;
      finished.push({ at: t.endedAt as number, seconds: ((t.endedAt as number) - (t.admittedAt as number)) / 1000 });
    } else if (t.endReason !== null && t.endReason !== 'cancelled') abandoned++;
  }
  const times = admitted.map((t) => t.admittedAt as number).sort((a, b) => a - b);
  return {
    admittedTotal: admitted.length,
    completed,
    abandoned,
    recentAdmissions: times.slice(-RECENT),
    checkoutSeconds: finished
      .sort((a, b) => a.at - b.at)
      .slice(-RECENT)
      .map((f) => f.seconds),
  };
}

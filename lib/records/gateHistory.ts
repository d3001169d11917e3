// What the organizer's dashboard draws: the on-sale sampled every 5 s
// (queue/gateHistory.ts), and who changed what (catalog/changeLog.ts).

export interface GatePoint {
  /** "<eventId>~<ms, 15 digits>" */
  id: string;
  eventId: string;
  at: number;
  waiting: number;
  active: number;
  /** running totals: the per-minute rates are their differences */
  admittedTotal: number;
  sold: number;
  available: number;
}

export interface ChangeEntry {
  /** "<eventId>~<ms, 15 digits>~<random>" */
  id: string;
  eventId: string;
  at: string;
  /** the organizer's user name */
  by: string;
  /** an event field, "waitingRoom.<setting>", or "status" */
  field: string;
  from: unknown;
  to: unknown;
}

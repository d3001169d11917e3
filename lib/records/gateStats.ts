// The waiting room's figures, written only by the admission ticker (queue/admission.ts).

/** Where the line stands, enough for any thread to count who is ahead of a place (queue/line.ts). */
export interface LineState {
  /** place of the fan at the head of the line (next to be admitted) */
  headPlace: number;
  /**
   * the first late place still waiting (the next to be given when none); the
   * pre-queue may be admitted after late fans were, from a join that committed
   * after the draw
   */
  lateHead?: number;
  /** the last place given in the pre-queue (0 without one) */
  lastPlace: number;
  /** places above headPlace whose fans left the line before being admitted, sorted */
  leftPlaces: number[];
  /** measured admissions per second (0 when nothing measured yet) */
  admitRate: number;
}

export interface GateStats extends LineState {
  id: string;
  waiting: number;
  active: number;
  admittedTotal: number;
  completed: number;
  abandoned: number;
  medianCheckoutSeconds: number | null;
  /** times of the latest admissions, for the measured rate */
  recentAdmissions: number[];
  /** durations of the latest completed checkouts, for the median */
  checkoutSeconds: number[];
  shuffleSeed: string | null;
  shuffledAt: string | null;
  prequeueSize: number;
  updatedAt: number;
}

/** The figures of an event whose gate has not run yet. */
export function emptyStats(eventId: string): GateStats {
  return {
    id: eventId,
    headPlace: 1,
    lastPlace: 0,
    leftPlaces: [],
    admitRate: 0,
    waiting: 0,
    active: 0,
    admittedTotal: 0,
    completed: 0,
    abandoned: 0,
    medianCheckoutSeconds: null,
    recentAdmissions: [],
    checkoutSeconds: [],
    shuffleSeed: null,
    shuffledAt: null,
    prequeueSize: 0,
    updatedAt: 0,
  };
}

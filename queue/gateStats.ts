// The gate's figures as last written by the admission ticker.
import { tables } from '../lib/harper.js';
import type { LineState } from './line.js';

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

export async function readStats(eventId: string): Promise<GateStats> {
  return ((await tables.GateStats.get(eventId)) as GateStats | undefined) ?? emptyStats(eventId);
}

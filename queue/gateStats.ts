// The gate's figures as last written by the admission ticker.
import { emptyStats, type GateStats } from '../lib/records/gateStats.js';
import { tables } from '../lib/tables.js';

export async function readStats(eventId: string): Promise<GateStats> {
  return (await tables.GateStats.get(eventId)) ?? emptyStats(eventId);
}

// The on-sale's last half hour for the organizer's dashboard: every 5 s the
// owner's worker 0 stores a point per live event it owns (waiting, in
// checkout, running totals of admitted and sold, seats left), kept 31 minutes
// by the table's expiration, so a dashboard opened mid-sale sees it all and
// another node that takes the event over goes on from it.
import { tables } from '../lib/tables.js';
import { logger } from '../lib/harper.js';
import { getEvent } from '../catalog/events.js';
import { ownedHere } from '../catalog/owners.js';
import { inventory } from '../catalog/inventory.js';
import type { GatePoint } from '../lib/records/gateHistory.js';
import type { GateStats } from '../lib/records/gateStats.js';
import { type Forecast, forecast } from './forecast.js';
import { observedRate } from './line.js';

export const POINT_EVERY_MS = 5000;
const KEEP_MS = 30 * 60_000;
/** per-minute rates are measured over the last minute of points */
const RATE_SPAN_MS = 60_000;
/** the forecast of selling out uses the last five minutes */
const SALES_SPAN_MS = 5 * 60_000;

export interface HistoryPoint {
  at: string;
  waiting: number;
  active: number;
  admittedPerMinute: number;
  soldPerMinute: number;
  available: number;
}

const pointId = (eventId: string, at: number): string => `${eventId}~${String(at).padStart(15, '0')}`;

/** Stores a point for each event with a gate that this node owns and that is on sale now. */
async function samplePoints(): Promise<void> {
  const now = Date.now();
  for await (const stats of tables.GateStats.search({ conditions: [] })) {
    const event = await getEvent(stats.id);
    if (!event || !ownedHere(event) || event.cancelled) continue;
    if (now < Date.parse(event.onSaleAt) - event.waitingRoom.prequeueMinutes * 60_000 || now >= Date.parse(event.startsAt)) continue;
    const { available, sold } = (await inventory(event.id)).totals;
    const { waiting, active, admittedTotal } = stats;
    await tables.GatePoint.put({ id: pointId(event.id, now), eventId: event.id, at: now, waiting, active, admittedTotal, sold, available });
  }
}

export function startGateHistory(): void {
  setInterval(() => samplePoints().catch((error) => logger.warn('gate history sample failed', error)), POINT_EVERY_MS).unref();
}

async function pointsOf(eventId: string, since: number): Promise<GatePoint[]> {
  const points: GatePoint[] = [];
  for await (const point of tables.GatePoint.search({ conditions: [{ attribute: 'eventId', value: eventId }] })) {
    if (point.at >= since) points.push(point);
  }
  return points.sort((a, b) => a.at - b.at);
}

/** Change of a running total per minute, from the earliest point within the span before `i` to `i`. */
function perMinute(points: GatePoint[], i: number, total: (p: GatePoint) => number, span: number): number {
  const end = points[i];
  let j = i;
  while (j > 0 && points[j - 1].at >= end.at - span) j--;
  const start = points[j];
  if (end.at === start.at) return 0;
  return Math.max(0, Math.round(((total(end) - total(start)) * 60_000) / (end.at - start.at)));
}

/** The last half hour, one point per 5 s, and what it says about the next. */
export async function historyOf(
  eventId: string,
  stats: Pick<GateStats, 'waiting' | 'recentAdmissions'>,
  stock: { available: number; held: number },
): Promise<{ history: HistoryPoint[]; forecast: Forecast }> {
  const now = Date.now();
  const points = await pointsOf(eventId, now - KEEP_MS);
  const history = points.map((p, i) => ({
    at: new Date(p.at).toISOString(),
    waiting: p.waiting,
    active: p.active,
    admittedPerMinute: perMinute(points, i, (q) => q.admittedTotal, RATE_SPAN_MS),
    soldPerMinute: perMinute(points, i, (q) => q.sold, RATE_SPAN_MS),
    available: p.available,
  }));
  const soldPerMinute = points.length ? perMinute(points, points.length - 1, (q) => q.sold, SALES_SPAN_MS) : 0;
  const admitting = observedRate(stats.recentAdmissions, now, 60_000) ?? 0;
  return { history, forecast: forecast(stats.waiting, admitting, stock, soldPerMinute) };
}

// The organizer's view and controls of an event's on-sale gate.
import { notFound } from '../lib/errors.js';
import type { AdmissionState, Gate, GatePatch } from '../lib/wire/organizer.js';
import { historyOf } from './gateHistory.js';
import { recentChanges } from '../catalog/changeLog.js';
import { getEvent, updateWaitingRoom } from '../catalog/events.js';
import type { EventRecord } from '../lib/records/event.js';
import { inventory } from '../catalog/inventory.js';
import { eventStatus } from '../catalog/eventRules.js';
import { readStats } from './gateStats.js';
import { tickerTimes } from './tickTimes.js';
import { tables } from '../lib/tables.js';
import { ownedHere } from '../catalog/owners.js';

const CHANGES_SHOWN = 50;

/** Why fans are or are not let in now. */
export function admissionState(event: EventRecord, stock: { available: number; held: number; sold: number }, now: number): AdmissionState {
  const status = eventStatus(event, stock.available, now);
  if (status === 'cancelled' || status === 'past') return 'closed';
  if (status === 'scheduled') return 'not_open';
  // the event's status calls held seats sold out too; admission tells them apart
  if (status === 'sold_out') return stock.held ? 'no_seats' : 'sold_out';
  return event.waitingRoom.paused ? 'paused' : 'open';
}

export async function gateView(eventOrId: EventRecord | string): Promise<Gate> {
  const event = typeof eventOrId === 'string' ? await getEvent(eventOrId) : eventOrId;
  if (!event) throw notFound('event');
  const [stats, stock] = await Promise.all([readStats(event.id), inventory(event.id)]);
  const { history, forecast } = await historyOf(event.id, stats, stock.totals);
  return {
    eventId: event.id,
    waiting: stats.waiting,
    active: stats.active,
    maxActive: event.waitingRoom.maxActive,
    admitPerMinute: event.waitingRoom.admitPerMinute,
    paused: event.waitingRoom.paused ?? false,
    admittedTotal: stats.admittedTotal,
    completed: stats.completed,
    abandoned: stats.abandoned,
    medianCheckoutSeconds: stats.medianCheckoutSeconds,
    admitRate: Math.round(stats.admitRate * 60 * 10) / 10,
    prequeue: { size: stats.prequeueSize, shuffleSeed: stats.shuffleSeed, shuffledAt: stats.shuffledAt },
    inventory: stock.totals,
    updatedAt: stats.updatedAt ? new Date(stats.updatedAt).toISOString() : null,
    ticker: tickerTimes(),
    admission: admissionState(event, stock.totals, Date.now()),
    history,
    forecast,
    changes: await recentChanges(event.id, CHANGES_SHOWN),
  };
}

export async function patchGate(eventId: string, changes: GatePatch, by: string): Promise<Gate> {
  return gateView(await updateWaitingRoom(eventId, changes, by));
}

/** The line and checkout of every event this node owns that has a gate, for GET /metrics. */
export async function ownedRoomFigures(): Promise<{ eventId: string; waiting: number; active: number }[]> {
  const figures: { eventId: string; waiting: number; active: number }[] = [];
  for await (const stats of tables.GateStats.search({ conditions: [] })) {
    const event = await getEvent(stats.id);
    if (event && ownedHere(event) && !event.cancelled) figures.push({ eventId: stats.id, waiting: stats.waiting, active: stats.active });
  }
  return figures;
}

// The organizer's view and controls of an event's on-sale gate.
import { invalid, notFound } from '../lib/errors.js';
import { int, requireBody } from '../lib/validate.js';
import { getEvent, updateWaitingRoom } from '../catalog/events.js';
import type { EventRecord } from '../lib/records/event.js';
import { inventory } from '../catalog/inventory.js';
import { readStats } from './gateStats.js';

export async function gateView(eventOrId: EventRecord | string) {
  const event = typeof eventOrId === 'string' ? await getEvent(eventOrId) : eventOrId;
  if (!event) throw notFound('event');
  const [stats, stock] = await Promise.all([readStats(event.id), inventory(event.id)]);
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
  };
}

const GATE_FIELDS = ['admitPerMinute', 'maxActive', 'paused'];

export async function patchGate(eventId: string, data: unknown) {
  const body = requireBody(data);
  const unknown = Object.keys(body).filter((field) => !GATE_FIELDS.includes(field));
  if (unknown.length) throw invalid(`These fields cannot be changed here: ${unknown.join(', ')}.`, { fields: unknown });
  const changes: Record<string, number | boolean> = {};
  if (body.admitPerMinute !== undefined) changes.admitPerMinute = int(body, 'admitPerMinute', { min: 1, max: 1_000_000 });
  if (body.maxActive !== undefined) changes.maxActive = int(body, 'maxActive', { min: 1, max: 100_000 });
  if (body.paused !== undefined) {
    if (typeof body.paused !== 'boolean') throw invalid('"paused" must be true or false.', { field: 'paused' });
    changes.paused = body.paused;
  }
  return gateView(await updateWaitingRoom(eventId, changes));
}

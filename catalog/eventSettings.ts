// The organizer-tunable settings of an event and their defaults (API.md).
import type { EventSettings, WaitingRoomSettings } from '../lib/records/event.js';
import { int, plainObject, type Body } from '../lib/validate.js';

const LIMITS = {
  holdSeconds: { min: 1, max: 3600, default: 300 },
  maxPerOrder: { min: 1, max: 50, default: 8 },
  offerSeconds: { min: 1, max: 3600, default: 300 },
} as const;

const WAITING_ROOM_LIMITS = {
  maxActive: { min: 1, max: 100_000, default: 200 },
  admitPerMinute: { min: 1, max: 1_000_000, default: 600 },
  tokenSeconds: { min: 1, max: 86_400, default: 600 },
  prequeueMinutes: { min: 0, max: 1440, default: 30 },
  checkoutIdleSeconds: { min: 1, max: 3600, default: 120 },
} as const;

/** Settings from a body; absent fields come from `base` (the defaults on create, the event on patch). */
export function parseSettings(body: Body, base?: EventSettings): EventSettings {
  const pick = (source: Body, limits: Record<string, { min: number; max: number; default: number }>, current?: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(limits).map(([field, limit]) => [
        field,
        int(source, field, { ...limit, default: current?.[field] ?? limit.default }),
      ]),
    );
  const waitingRoom = body.waitingRoom === undefined ? {} : plainObject(body.waitingRoom, 'waitingRoom');
  return {
    ...(pick(body, LIMITS, base as unknown as Record<string, number>) as Omit<EventSettings, 'waitingRoom'>),
    waitingRoom: {
      ...(pick(waitingRoom, WAITING_ROOM_LIMITS, base?.waitingRoom as unknown as Record<string, number>) as unknown as WaitingRoomSettings),
      paused: base?.waitingRoom.paused ?? false,
    },
  };
}

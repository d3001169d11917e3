// The organizer-tunable settings of an event and their defaults (API.md).
import type { EventSettings, WaitingRoomSettings } from '../lib/records/event.js';
import { SETTINGS, WAITING_ROOM_SETTINGS, type EventCreate } from '../lib/wire/organizer.js';

type SettingsInput = Partial<Pick<EventCreate, keyof typeof SETTINGS | 'waitingRoom'>>;
type Values = Partial<Record<string, number | null>>;

/** Settings from a checked body; absent (or null) fields come from `base` (the event on patch), else the defaults. */
export function parseSettings(body: SettingsInput, base?: EventSettings): EventSettings {
  const pick = (source: Values, limits: Record<string, { default: number }>, current?: Values) =>
    Object.fromEntries(Object.entries(limits).map(([field, limit]) => [field, source[field] ?? current?.[field] ?? limit.default]));
  return {
    ...(pick(body as Values, SETTINGS, base as unknown as Values) as Omit<EventSettings, 'waitingRoom'>),
    waitingRoom: {
      ...(pick(
        (body.waitingRoom ?? {}) as Values,
        WAITING_ROOM_SETTINGS,
        base?.waitingRoom as unknown as Values,
      ) as unknown as WaitingRoomSettings),
      paused: base?.waitingRoom.paused ?? false,
      challenge: body.waitingRoom?.challenge ?? base?.waitingRoom.challenge ?? 'none',
    },
  };
}

// What the measured rates say about the rest of the on-sale, for the
// organizer's dashboard (GET /gate/{eventId} `forecast`).

export interface Forecast {
  queueClearsInSeconds: number | null;
  sellsOutInSeconds: number | null;
}

/** From measured rates (admissions a second, sales a minute): null when nothing measured says, 0 when already there. */
export function forecast(waiting: number, admitPerSecond: number, available: number, soldPerMinute: number): Forecast {
  return {
    queueClearsInSeconds: waiting === 0 ? 0 : admitPerSecond > 0 ? Math.round(waiting / admitPerSecond) : null,
    sellsOutInSeconds: available === 0 ? 0 : soldPerMinute > 0 ? Math.round((available * 60) / soldPerMinute) : null,
  };
}

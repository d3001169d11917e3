// What the measured rates say about the rest of the on-sale, for the
// organizer's dashboard (GET /gate/{eventId} `forecast`).

export interface Forecast {
  queueClearsInSeconds: number | null;
  sellsOutInSeconds: number | null;
}

/**
 * From measured rates (admissions a second, only when measured; sales a
 * minute): null when nothing measured says, 0 when already there. Seats
 * held are not sold yet: they may come back.
 */
export function forecast(
  waiting: number,
  admitPerSecond: number,
  stock: { available: number; held: number },
  soldPerMinute: number,
): Forecast {
  const unsold = stock.available + stock.held;
  return {
    queueClearsInSeconds: waiting === 0 ? 0 : admitPerSecond > 0 ? Math.round(waiting / admitPerSecond) : null,
    sellsOutInSeconds: unsold === 0 ? 0 : soldPerMinute > 0 ? Math.round((unsold * 60) / soldPerMinute) : null,
  };
}

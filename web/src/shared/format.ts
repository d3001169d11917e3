// How money, times and durations read on screen.

const moneyFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money is integer cents on the wire. */
export const money = (cents: number): string => moneyFormat.format(cents / 100);

export function dateTime(iso: string): string {
  const date = new Date(iso);
  return date.toLocaleString('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "4:05" for 245 seconds; "1:02:03" past an hour. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "about 3 minutes" for an ETA. */
export function roughly(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'working it out…';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 6) / 10;
  return `about ${hours} hours`;
}

export function seatLabel(seat: { section: string; row: number | string; number: number }): string {
  return `${seat.section}, row ${seat.row}, seat ${seat.number}`;
}

/** A countdown that calls `tick` every second with the seconds left, until stopped or zero. */
export function countdown(until: string | number, tick: (secondsLeft: number) => void): () => void {
  const end = typeof until === 'number' ? until : Date.parse(until);
  let timer = 0;
  const step = () => {
    const left = Math.max(0, (end - Date.now()) / 1000);
    tick(left);
    if (left <= 0) window.clearInterval(timer);
  };
  timer = window.setInterval(step, 1000);
  step();
  return () => window.clearInterval(timer);
}

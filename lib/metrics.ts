// The node's counters and histograms (API.md v1.1, GET /metrics), kept in
// memory every worker thread shares (lmdb-js's shared buffers), so one scrape
// sees the whole node whichever thread serves it. Every series is declared
// here, with every value its labels can take, and laid out in one array of
// 64-bit integers in the order declared: the same code gives every thread
// the same layout, and counting is one atomic add. Durations are kept in
// microseconds.
import { tables } from './tables.js';

const ROUTES = ['events', 'seatmap', 'queue', 'holds', 'orders', 'waitlist', 'venues', 'gate', 'cluster', 'metrics', 'other'] as const;
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'other'] as const;
const STATUSES = [
  '200',
  '201',
  '204',
  '304',
  '400',
  '401',
  '402',
  '403',
  '404',
  '405',
  '409',
  '410',
  '413',
  '415',
  '422',
  '429',
  '500',
  '502',
  '503',
  'other',
] as const;
const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Route = (typeof ROUTES)[number];
export type HoldOutcome = 'created' | 'conflict' | 'released' | 'expired' | 'bought';
export type OrderOutcome = 'confirmed' | 'declined' | 'cancelled';
export type LimitedRoute = 'queue' | 'holds' | 'orders' | 'waitlist' | 'reads' | 'login';

interface Series {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  dimensions: [string, readonly string[]][];
  /** label sets, each a list of [name, value] pairs, in slot order */
  labels: [string, string][][];
  /** first slot; a histogram takes buckets + 1 (+Inf) + sum slots per label set */
  at: number;
}

const declared: Series[] = [];
let size = 0;

function product(dimensions: [string, readonly string[]][]): [string, string][][] {
  return dimensions.reduce<[string, string][][]>(
    (sets, [name, values]) => sets.flatMap((set) => values.map((v) => [...set, [name, v]] as [string, string][])),
    [[]],
  );
}

function declare(name: string, help: string, type: Series['type'], dimensions: [string, readonly string[]][] = []): Series {
  const series: Series = { name, help, type, dimensions, labels: product(dimensions), at: size };
  size += series.labels.length * (type === 'histogram' ? SECONDS_BUCKETS.length + 2 : 1);
  declared.push(series);
  return series;
}

const requests = declare('ticketing_http_requests_total', 'HTTP requests answered, by route, method and status', 'counter', [
  ['route', ROUTES],
  ['method', METHODS],
  ['status', STATUSES],
]);
const durations = declare('ticketing_http_request_duration_seconds', 'Time to answer an HTTP request, by route', 'histogram', [
  ['route', ROUTES],
]);
const holds = declare(
  'ticketing_holds_total',
  'Holds by what became of them (conflict: an attempt refused for a seat just taken)',
  'counter',
  [['outcome', ['created', 'conflict', 'released', 'expired', 'bought']]],
);
const orders = declare('ticketing_orders_total', 'Orders by outcome', 'counter', [['outcome', ['confirmed', 'declined', 'cancelled']]]);
const joins = declare('ticketing_queue_joins_total', 'Tickets created in waiting rooms', 'counter');
const admissions = declare('ticketing_admissions_total', 'Fans let into checkout', 'counter');
const lockWaits = declare('ticketing_seat_lock_wait_seconds', 'Time a change waited for its locks', 'histogram');
const notificationDelays = declare(
  'ticketing_notification_delay_seconds',
  'Time from the change a fan is told of to the message',
  'histogram',
);
const limited = declare('ticketing_rate_limited_total', 'Requests refused by a rate limit, by route', 'counter', [
  ['route', ['queue', 'holds', 'orders', 'waitlist', 'reads', 'login']],
]);
const oversells = declare('ticketing_oversold_seats_total', 'Seats found in two orders by the invariant check (must stay 0)', 'counter');

let shared: BigInt64Array | undefined;
function values(): BigInt64Array {
  shared ??= new BigInt64Array(tables.AppSecret.primaryStore.getUserSharedBuffer('metrics', new BigInt64Array(size).buffer));
  return shared;
}

/** The label set's place in the series (the last dimension varies fastest, as `product` lays them out); -1 if unknown. */
function slotOf(series: Series, labelValues: string[]): number {
  let index = 0;
  for (const [i, [, values]] of series.dimensions.entries()) {
    const at = values.indexOf(labelValues[i]);
    if (at < 0) return -1;
    index = index * values.length + at;
  }
  return index;
}

function add(series: Series, labelValues: string[], by = 1): void {
  const index = slotOf(series, labelValues);
  if (index >= 0) Atomics.add(values(), series.at + index, BigInt(by));
}

function observe(series: Series, labelValues: string[], seconds: number): void {
  const index = slotOf(series, labelValues);
  if (index < 0) return;
  const width = SECONDS_BUCKETS.length + 2;
  const base = series.at + index * width;
  const bucket = SECONDS_BUCKETS.findIndex((le) => seconds <= le);
  Atomics.add(values(), base + (bucket < 0 ? SECONDS_BUCKETS.length : bucket), 1n);
  Atomics.add(values(), base + width - 1, BigInt(Math.round(seconds * 1e6)));
}

const oneOf = <T extends string>(value: string, known: readonly T[], other: T): T => (known.includes(value as T) ? (value as T) : other);

export const metrics = {
  request(route: string, method: string, status: number, seconds: number): void {
    const r = oneOf(route, ROUTES, 'other');
    add(requests, [r, oneOf(method, METHODS, 'other'), oneOf(String(status), STATUSES, 'other')]);
    observe(durations, [r], seconds);
  },
  hold: (outcome: HoldOutcome, n = 1) => add(holds, [outcome], n),
  order: (outcome: OrderOutcome) => add(orders, [outcome]),
  joined: () => add(joins, []),
  admitted: (n: number) => add(admissions, [], n),
  lockWait: (seconds: number) => observe(lockWaits, [], seconds),
  notificationDelay: (seconds: number) => observe(notificationDelays, [], seconds),
  rateLimited: (route: LimitedRoute) => add(limited, [route]),
  oversold: (n: number) => add(oversells, [], n),
};

const labelText = (set: [string, string][]) => (set.length ? `{${set.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '');

/** Every series in Prometheus's text format; `gauges` adds lines of gauges read elsewhere. */
export function metricsText(gauges: { name: string; help: string; samples: { labels: [string, string][]; value: number }[] }[]): string {
  const v = values();
  const lines: string[] = [];
  for (const series of declared) {
    lines.push(`# HELP ${series.name} ${series.help}`, `# TYPE ${series.name} ${series.type}`);
    // a series with many label sets shows only those that happened
    const sparse = series.labels.length > 20;
    series.labels.forEach((set, i) => {
      if (series.type === 'counter') {
        if (!sparse || v[series.at + i]) lines.push(`${series.name}${labelText(set)} ${v[series.at + i]}`);
        return;
      }
      const base = series.at + i * (SECONDS_BUCKETS.length + 2);
      if (sparse && v.slice(base, base + SECONDS_BUCKETS.length + 1).every((n) => n === 0n)) return;
      let cumulative = 0n;
      SECONDS_BUCKETS.forEach((le, b) => {
        cumulative += v[base + b];
        lines.push(`${series.name}_bucket${labelText([...set, ['le', String(le)]])} ${cumulative}`);
      });
      cumulative += v[base + SECONDS_BUCKETS.length];
      lines.push(`${series.name}_bucket${labelText([...set, ['le', '+Inf']])} ${cumulative}`);
      lines.push(`${series.name}_sum${labelText(set)} ${Number(v[base + SECONDS_BUCKETS.length + 1]) / 1e6}`);
      lines.push(`${series.name}_count${labelText(set)} ${cumulative}`);
    });
  }
  for (const gauge of gauges) {
    lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const sample of gauge.samples) lines.push(`${gauge.name}${labelText(sample.labels)} ${sample.value}`);
  }
  return `${lines.join('\n')}\n`;
}

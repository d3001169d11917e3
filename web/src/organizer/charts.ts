// The on-sale as a picture: the last 30 minutes of GET /gate/{id}'s history
// drawn with uPlot (served by Harper, no CDN), the forecast and the
// admission state in words, and a table of the latest points for anyone who
// cannot see the charts. Lines differ by dash as well as colour, and each
// chart names its series in its legend.
import type { Gate } from '../shared/api.js';
import { h, replace } from '../shared/dom.js';

type Point = Gate['history'][number];

const HEIGHT = 180;
const SOLID: number[] = [];
const DASHED = [8, 4];
const DOTTED = [2, 3];
/** how many of the latest points the table shows: the last minute */
const TABLE_POINTS = 12;

interface ChartSpec {
  title: string;
  testId: string;
  series: { label: string; stroke: string; dash: number[]; value(point: Point, gate: Gate): number }[];
}

const CHARTS: ChartSpec[] = [
  {
    title: 'Line and checkout',
    testId: 'chart-line',
    series: [
      { label: 'Waiting (solid)', stroke: '#1d4ed8', dash: SOLID, value: (p) => p.waiting },
      { label: 'In checkout (dashed)', stroke: '#b45309', dash: DASHED, value: (p) => p.active },
      { label: 'Checkout cap (dotted)', stroke: '#6b7280', dash: DOTTED, value: (_, g) => g.maxActive },
    ],
  },
  {
    title: 'Per minute',
    testId: 'chart-rates',
    series: [
      { label: 'Admitted / min (solid)', stroke: '#047857', dash: SOLID, value: (p) => p.admittedPerMinute },
      { label: 'Sold / min (dashed)', stroke: '#7c3aed', dash: DASHED, value: (p) => p.soldPerMinute },
    ],
  },
  {
    title: 'Seats left',
    testId: 'chart-seats',
    series: [{ label: 'Seats left', stroke: '#be123c', dash: SOLID, value: (p) => p.available }],
  },
];

/** "~3 min", "~40 s"; a dash when nothing measured says. */
export function roughDuration(seconds: number | null): string {
  if (seconds === null) return '— (not measured yet)';
  if (seconds === 0) return 'now';
  if (seconds < 90) return `~${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `~${Math.round(seconds / 60)} min`;
  return `~${Math.round(seconds / 3600)} h`;
}

const ADMISSION_TEXT: Record<Gate['admission'], string> = {
  not_open: 'Not on sale yet: fans wait in the pre-queue',
  open: 'Admitting',
  paused: 'Paused by an organizer',
  no_seats: 'Admission held: no seats left (all held or sold); it resumes when a hold ends',
  sold_out: 'Sold out: every waiting fan was told and offered the waitlist',
  closed: 'Closed (cancelled or started)',
};

export interface Charts {
  element: HTMLElement;
  show(gate: Gate): void;
  destroy(): void;
}

function chartFrame(spec: ChartSpec): { frame: HTMLElement; plot: HTMLElement } {
  const plot = h('div', { className: 'chart-plot', 'aria-hidden': 'true' });
  const frame = h('figure', { className: 'chart', 'data-testid': spec.testId, 'data-points': '0' }, h('figcaption', {}, spec.title), plot);
  return { frame, plot };
}

function pointsTable(body: HTMLElement): HTMLElement {
  const heads = ['Time', 'Waiting', 'In checkout', 'Admitted / min', 'Sold / min', 'Seats left'];
  return h(
    'details',
    { className: 'chart-table' },
    h('summary', {}, 'The charts as a table (last minute)'),
    h(
      'div',
      { className: 'table-wrap' },
      h(
        'table',
        { 'data-testid': 'history-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            heads.map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        body,
      ),
    ),
  );
}

function pointRow(p: Point): HTMLElement {
  const cells = [p.waiting, p.active, p.admittedPerMinute, p.soldPerMinute, p.available].map((v) => h('td', {}, String(v)));
  return h('tr', {}, h('th', { scope: 'row' }, new Date(p.at).toLocaleTimeString()), ...cells);
}

interface Words {
  admission: HTMLElement;
  clears: HTMLElement;
  sellsOut: HTMLElement;
  summary: HTMLElement;
  forecast: HTMLElement;
}

function words(): Words {
  const summary = h('p', { className: 'chart-summary', 'data-testid': 'chart-summary', 'aria-live': 'off' });
  const admission = h('p', { className: 'admission-state', role: 'status', 'data-testid': 'admission-state' });
  const clears = h('dd', { 'data-testid': 'forecast-clears' }, '…');
  const sellsOut = h('dd', { 'data-testid': 'forecast-sells-out' }, '…');
  const forecast = h(
    'dl',
    { className: 'stats forecast', 'aria-label': 'Forecast' },
    h('div', { className: 'stat' }, h('dt', {}, 'Queue clears in'), clears),
    h('div', { className: 'stat' }, h('dt', {}, 'Sells out in'), sellsOut),
  );
  return { admission, clears, sellsOut, summary, forecast };
}

/** The state, the forecast and the latest point, in words: the charts' text alternative with the table. */
function say(text: Words, gate: Gate): void {
  const points = gate.history;
  text.admission.textContent = ADMISSION_TEXT[gate.admission];
  text.admission.dataset.state = gate.admission;
  text.clears.textContent = roughDuration(gate.forecast.queueClearsInSeconds);
  text.sellsOut.textContent = roughDuration(gate.forecast.sellsOutInSeconds);
  const last = points[points.length - 1];
  const minutes = points.length ? Math.round((Date.parse(last.at) - Date.parse(points[0].at)) / 60_000) : 0;
  text.summary.textContent = last
    ? `Now: ${last.waiting} waiting, ${last.active} of ${gate.maxActive} in checkout; ` +
      `${last.admittedPerMinute} admitted and ${last.soldPerMinute} sold in the last minute; ${last.available} seats left ` +
      `(${points.length} points over ${minutes} min).`
    : 'No history yet: a point is kept every 5 seconds while the event is on sale.';
}

/** Now, from the gate's live figures; the per-minute rates are the last kept point's. */
function livePoint(gate: Gate): Point {
  const last = gate.history[gate.history.length - 1];
  return {
    at: new Date(Math.max(Date.now(), last ? Date.parse(last.at) + 1 : 0)).toISOString(),
    waiting: gate.waiting,
    active: gate.active,
    admittedPerMinute: last?.admittedPerMinute ?? 0,
    soldPerMinute: last?.soldPerMinute ?? 0,
    available: gate.inventory.available,
  };
}

function newChart(spec: ChartSpec, width: number, target: HTMLElement): UPlotChart | undefined {
  const UPlot = window.uPlot;
  if (!UPlot) return undefined;
  const options: UPlotOptions = {
    width,
    height: HEIGHT,
    series: [{}, ...spec.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, dash: s.dash }))],
    axes: [{}, { values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) }],
    scales: { y: { range: (_, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] } },
  };
  return new UPlot(options, [[], ...spec.series.map(() => [])], target);
}

/** The charts, the forecast and the admission state; `show` draws each new read of the gate. */
export function onSaleCharts(): Charts {
  const frames = CHARTS.map(chartFrame);
  const text = words();
  const tableBody = h('tbody', {});
  const element = h(
    'section',
    { className: 'charts', 'aria-label': 'The on-sale, last 30 minutes' },
    text.admission,
    text.forecast,
    text.summary,
    h('div', { className: 'chart-grid' }, ...frames.map((f) => f.frame)),
    pointsTable(tableBody),
  );
  let charts: (UPlotChart | undefined)[] = [];
  const widthOf = () => Math.max(280, Math.min(640, (frames[0].frame.clientWidth || 600) - 8));
  let builtWidth = 0;
  const onResize = () => {
    const width = widthOf();
    if (Math.abs(width - builtWidth) < 20) return;
    builtWidth = width;
    for (const chart of charts) chart?.setSize({ width, height: HEIGHT });
  };
  window.addEventListener('resize', onResize);

  return {
    element,
    show(gate) {
      if (!charts.length) {
        builtWidth = widthOf();
        charts = CHARTS.map((spec, i) => newChart(spec, builtWidth, frames[i].plot));
      }
      // the kept points, then the figures of this read: the charts move with every read, not every 5 s
      const points = [...gate.history, livePoint(gate)];
      const times = points.map((p) => Date.parse(p.at) / 1000);
      CHARTS.forEach((spec, i) => {
        charts[i]?.setData([times, ...spec.series.map((s) => points.map((p) => s.value(p, gate)))]);
        frames[i].frame.dataset.points = String(gate.history.length);
      });
      say(text, gate);
      // rebuilt only when a point is added: a screen reader's place in the table survives the reads between
      const newest = gate.history[gate.history.length - 1]?.at ?? '';
      if (tableBody.dataset.newest !== newest) {
        tableBody.dataset.newest = newest;
        replace(tableBody, gate.history.slice(-TABLE_POINTS).reverse().map(pointRow));
      }
    },
    destroy() {
      window.removeEventListener('resize', onResize);
      for (const chart of charts) chart?.destroy();
    },
  };
}

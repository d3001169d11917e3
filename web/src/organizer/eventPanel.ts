// The live panel of one event: its gate, charts of the last half hour
// (charts.ts) and inventory, re-read twice a second (so never more than a
// second old), the controls that tune the admit rate, the checkout cap and
// pause, and the log of who changed what.
import { api, ApiError, type EventDetail, type Gate } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import type { Session } from './auth.js';
import { plain } from './messages.js';
import { type Charts, onSaleCharts } from './charts.js';
import { changeLog, changeRows } from './changeLog.js';

const REFRESH_MS = 500;

function stat(label: string, testId: string): [HTMLElement, HTMLElement] {
  const value = h('dd', { 'data-testid': testId }, '…');
  return [h('div', { className: 'stat' }, h('dt', {}, label), value), value];
}

function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The figures of the gate, each a `<dd>` a read updates. */
interface GateStats {
  element: HTMLElement;
  waiting: HTMLElement;
  active: HTMLElement;
  rate: HTMLElement;
  completed: HTMLElement;
  abandoned: HTMLElement;
  median: HTMLElement;
  waitlist: HTMLElement;
  gate: HTMLElement;
}

function gateStats(): GateStats {
  const [waitingBox, waiting] = stat('Waiting', 'stat-waiting');
  const [activeBox, active] = stat('In checkout (active of max)', 'stat-active');
  const [rateBox, rate] = stat('Admitted in the last minute', 'stat-rate');
  const [completedBox, completed] = stat('Completed (bought)', 'stat-completed');
  const [abandonedBox, abandoned] = stat('Abandoned', 'stat-abandoned');
  const [medianBox, median] = stat('Median checkout time', 'stat-median');
  const [waitlistBox, waitlist] = stat('Waitlist', 'stat-waitlist');
  const [gateBox, gate] = stat('Gate', 'stat-gate');
  const element = h(
    'dl',
    { className: 'stats' },
    waitingBox,
    activeBox,
    rateBox,
    completedBox,
    abandonedBox,
    medianBox,
    waitlistBox,
    gateBox,
  );
  return { element, waiting, active, rate, completed, abandoned, median, waitlist, gate };
}

interface GateControls {
  form: HTMLFormElement;
  admitRate: HTMLInputElement;
  cap: HTMLInputElement;
  pause: HTMLButtonElement;
  messages: HTMLElement;
}

function gateControls(): GateControls {
  const admitRate = h('input', { type: 'number', name: 'admitPerMinute', min: '1', step: '1', inputmode: 'numeric', required: true });
  const cap = h('input', { type: 'number', name: 'maxActive', min: '1', step: '1', inputmode: 'numeric', required: true });
  const save = h('button', { type: 'submit', className: 'primary' }, 'Apply');
  const pause = h('button', { type: 'button', className: 'secondary', 'data-testid': 'pause' }, 'Pause admissions');
  const messages = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { className: 'panel controls', 'aria-label': 'Gate controls' },
    field('Admit rate (fans per minute)', admitRate),
    field('Checkout cap (fans buying at once)', cap),
    h('div', { className: 'field' }, save),
    h('div', { className: 'field' }, pause),
  );
  return { form, admitRate, cap, pause, messages };
}

function inventoryTable(rows: HTMLElement, totals: HTMLElement): HTMLElement {
  return h(
    'div',
    { className: 'table-wrap' },
    h(
      'table',
      { className: 'prices', 'data-testid': 'inventory' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Section', 'Price', 'Available', 'Held', 'Sold'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      rows,
      totals,
    ),
  );
}

function inventoryRow(s: EventDetail['sections'][number]): HTMLElement {
  return h(
    'tr',
    { 'data-section': s.name },
    h('th', { scope: 'row' }, s.name),
    h('td', {}, money(s.price)),
    h('td', {}, String(s.available)),
    h('td', {}, String(s.held)),
    h('td', {}, String(s.sold)),
  );
}

function totalsRow(inv: Gate['inventory']): HTMLElement {
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, 'All'),
    h('td', {}),
    h('td', { 'data-testid': 'total-available' }, String(inv.available)),
    h('td', {}, String(inv.held)),
    h('td', { 'data-testid': 'total-sold' }, String(inv.sold)),
  );
}

/** The parts of an event's panel that each read updates. */
interface EventPanelView {
  nodes: Node[];
  title: HTMLElement;
  updated: HTMLElement;
  gateProblem: HTMLElement;
  stats: GateStats;
  controls: GateControls;
  inventory: HTMLElement;
  totals: HTMLElement;
  charts: Charts;
  changes: HTMLElement;
}

function eventPanelView(): EventPanelView {
  const stats = gateStats();
  const controls = gateControls();
  const title = h('h2', {}, 'Loading…');
  const updated = h('p', { className: 'updated', 'aria-live': 'off', 'data-testid': 'updated' });
  const gateProblem = h('div', {});
  const inventory = h('tbody', {});
  const totals = h('tfoot', {});
  const charts = onSaleCharts();
  const changes = h('tbody', {});
  const nodes = [
    title,
    updated,
    gateProblem,
    stats.element,
    h('h3', {}, 'The last 30 minutes'),
    charts.element,
    h('h3', {}, 'Controls'),
    controls.form,
    controls.messages,
    h('h3', {}, 'Inventory by section'),
    inventoryTable(inventory, totals),
    h('h3', {}, 'Changes'),
    changeLog(changes),
  ];
  return { nodes, title, updated, gateProblem, stats, controls, inventory, totals, charts, changes };
}

/** One event's panel while it is shown: what was last read and what the organizer is typing. */
interface EventPanel {
  eventId: string;
  auth: Record<string, string>;
  view: EventPanelView;
  paused: boolean;
  /** the organizer has typed in the controls since the last save: reads no longer fill them */
  formTouched: boolean;
  /** `admittedTotal` as read over the last minute */
  admitted: { at: number; total: number }[];
  stopped: boolean;
  timer: number;
  onUnauthorized(): void;
}

/** "12 (last 8 s)": admitted over the last minute, or over the time the panel has been open when that is shorter. */
function admittedLastMinute(readings: EventPanel['admitted'], admittedTotal: number, now: number): string {
  readings.push({ at: now, total: admittedTotal });
  while (readings.length > 2 && readings[1].at <= now - 60_000) readings.shift();
  const first = readings[0];
  const span = (now - first.at) / 1000;
  return `${admittedTotal - first.total}${span < 55 ? ` (last ${Math.max(1, Math.round(span))} s)` : ''}`;
}

function showGate(panel: EventPanel, gate: Gate): void {
  const { stats, controls } = panel.view;
  panel.paused = gate.paused;
  stats.waiting.textContent = String(gate.waiting);
  stats.active.textContent = `${gate.active} of ${gate.maxActive}`;
  stats.rate.textContent = admittedLastMinute(panel.admitted, gate.admittedTotal, Date.now());
  stats.rate.title = `Setting: ${gate.admitPerMinute} per minute`;
  stats.completed.textContent = String(gate.completed);
  stats.abandoned.textContent = String(gate.abandoned);
  stats.median.textContent = duration(gate.medianCheckoutSeconds);
  stats.gate.textContent = gate.paused ? 'Paused' : `Open · ${gate.admitPerMinute}/min`;
  panel.view.charts.show(gate);
  // rebuilt only when a change is added, so a screen reader's place in the log survives the reads between
  const newest = gate.changes[0]?.at ?? '';
  if (panel.view.changes.dataset.newest !== newest || !panel.view.changes.childElementCount) {
    panel.view.changes.dataset.newest = newest;
    replace(panel.view.changes, changeRows(gate.changes));
  }
  controls.pause.textContent = gate.paused ? 'Resume admissions' : 'Pause admissions';
  controls.pause.setAttribute('aria-pressed', String(gate.paused));
  if (!panel.formTouched && document.activeElement !== controls.admitRate && document.activeElement !== controls.cap) {
    controls.admitRate.value = String(gate.admitPerMinute);
    controls.cap.value = String(gate.maxActive);
  }
}

function showEvent(view: EventPanelView, event: EventDetail): void {
  view.title.textContent = `${event.name} — ${dateTime(event.startsAt)}, ${event.venue.name}`;
  view.stats.waitlist.textContent = event.waitlist.open || event.waitlist.length ? `${event.waitlist.length} waiting` : 'Closed';
  replace(view.inventory, event.sections.map(inventoryRow));
}

async function patchGate(panel: EventPanel, body: Partial<Gate>): Promise<void> {
  const { messages } = panel.view.controls;
  replace(messages);
  try {
    const gate = await api.patch<Gate>(`/gate/${encodeURIComponent(panel.eventId)}`, body, panel.auth);
    panel.formTouched = false;
    showGate(panel, gate);
    replace(messages, notice('success', 'Saved. The gate follows the new settings within a second.'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return panel.onUnauthorized();
    replace(messages, notice('error', plain(error)));
  }
}

function listenToControls(panel: EventPanel): void {
  const { form, admitRate, cap, pause } = panel.view.controls;
  for (const input of [admitRate, cap]) input.addEventListener('input', () => (panel.formTouched = true));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void patchGate(panel, { admitPerMinute: Number(admitRate.value), maxActive: Number(cap.value) });
  });
  pause.addEventListener('click', () => void patchGate(panel, { paused: !panel.paused }));
}

const refused = (result: PromiseSettledResult<unknown>): boolean =>
  result.status === 'rejected' && result.reason instanceof ApiError && result.reason.status === 401;

function showReads(panel: EventPanel, gateResult: PromiseSettledResult<Gate>, eventResult: PromiseSettledResult<EventDetail>): void {
  const { view } = panel;
  if (eventResult.status === 'fulfilled') showEvent(view, eventResult.value);
  if (gateResult.status === 'fulfilled') {
    showGate(panel, gateResult.value);
    replace(view.totals, totalsRow(gateResult.value.inventory));
    replace(view.gateProblem);
  } else {
    replace(view.gateProblem, notice('error', `The gate of this event cannot be read: ${plain(gateResult.reason)}`));
  }
  if (eventResult.status === 'fulfilled' || gateResult.status === 'fulfilled') {
    view.updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }
}

/** Re-reads the gate and the event every REFRESH_MS (from the start of one read to the next) until stopped. */
async function refreshPanel(panel: EventPanel): Promise<void> {
  const started = Date.now();
  const [gateResult, eventResult] = await Promise.allSettled([
    api.get<Gate>(`/gate/${encodeURIComponent(panel.eventId)}`, panel.auth),
    api.get<EventDetail>(`/events/${encodeURIComponent(panel.eventId)}`, panel.auth),
  ]);
  if (panel.stopped) return;
  if (refused(gateResult) || refused(eventResult)) {
    panel.stopped = true;
    panel.onUnauthorized();
    return;
  }
  showReads(panel, gateResult, eventResult);
  panel.timer = window.setTimeout(() => void refreshPanel(panel), Math.max(0, REFRESH_MS - (Date.now() - started)));
}

/** The live panel of one event; returns a function that stops its refreshing. */
export function eventPanel(element: HTMLElement, eventId: string, session: Session, onUnauthorized: () => void): () => void {
  const view = eventPanelView();
  const panel: EventPanel = {
    eventId,
    auth: { Authorization: session.authorization },
    view,
    paused: false,
    formTouched: false,
    admitted: [],
    stopped: false,
    timer: 0,
    onUnauthorized,
  };
  replace(element, ...view.nodes);
  listenToControls(panel);
  void refreshPanel(panel);
  return () => {
    panel.stopped = true;
    window.clearTimeout(panel.timer);
    view.charts.destroy();
  };
}

// The organizer dashboard: sign in, pick an event, watch its gate and
// inventory (re-read twice a second, so never more than a second old), tune
// the admit rate, the checkout cap and pause; create venues and events.
import { api, ApiError, type EventDetail, type EventPage, type Gate } from '../shared/api.js';
import { field, h, notice, replace, focusHeading } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import { currentSession, signIn, signOut, type Session } from './auth.js';

const REFRESH_MS = 500;
const CATEGORIES = ['music', 'sports', 'comedy', 'theater', 'family'];

const app = document.getElementById('app') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
let stopDashboard: (() => void) | undefined;

function plain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401 && error.code !== 'bad_credentials') return 'Your sign-in is no longer accepted. Sign in again.';
    return error.message;
  }
  return 'Something went wrong in this page. Reload it and try again.';
}

// ---------- sign in ----------

function showSignIn(message?: string): void {
  stopDashboard?.();
  replace(who);
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const messages = h('div', {}, message ? notice('error', message) : null);
  const submit = h('button', { type: 'submit', className: 'primary' }, 'Sign in');
  const form = h('form', { className: 'panel', 'aria-label': 'Sign in' }, field('User name', username), field('Password', password), submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(messages);
    try {
      const session = await signIn(username.value.trim(), password.value);
      showDashboard(session);
    } catch (error) {
      submit.disabled = false;
      replace(messages, notice('error', plain(error)));
      password.focus();
    }
  });
  replace(app, h('h1', {}, 'Organizer sign-in'), h('p', {}, 'Use your Harper user (an organizer or an administrator). Nothing here works without signing in.'), messages, form);
  focusHeading(app);
}

// ---------- dashboard ----------

interface Known {
  venues: Map<string, { name: string; city: string; sections?: string[] }>;
  events: EventPage['items'];
}

async function loadEvents(auth: Record<string, string>): Promise<EventPage['items']> {
  const items: EventPage['items'] = [];
  for (let offset = 0; offset < 1000; offset += 100) {
    const page = await api.get<EventPage>(`/events/?limit=100&offset=${offset}`, auth);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  return items;
}

function signedInAs(session: Session): (Node | string)[] {
  const signOutButton = h('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOutButton.addEventListener('click', () => {
    signOut();
    showSignIn();
  });
  return [`Signed in as ${session.username} `, signOutButton];
}

function dashboardPage(picker: HTMLSelectElement, panel: HTMLElement, venueForm: HTMLElement, eventForm: HTMLElement): Node[] {
  return [h('h1', {}, 'On-sale dashboard'), h('div', { className: 'panel' }, field('Event', picker)), panel, h('div', { className: 'grid-2' }, venueForm, eventForm)];
}

/** The venues to create an event at, keeping the one chosen; the event form hears the change. */
function showVenueChoices(select: HTMLSelectElement, known: Known): void {
  const chosen = select.value;
  replace(
    select,
    h('option', { value: '' }, 'Choose a venue'),
    [...known.venues].map(([id, v]) => h('option', { value: id, selected: id === chosen }, `${v.name}, ${v.city}`)),
  );
  select.dispatchEvent(new Event('change'));
}

function eventChoices(events: Known['events'], current: string): HTMLElement[] {
  return [
    h('option', { value: '' }, 'Choose an event'),
    ...events.map((e) => h('option', { value: e.id, selected: e.id === current }, `${e.name} — ${dateTime(e.startsAt)} — ${e.venue.city}`)),
  ];
}

const eventInAddress = (): string | null => new URLSearchParams(location.hash.slice(1)).get('event');

function showDashboard(session: Session): void {
  const auth = { Authorization: session.authorization };
  replace(who, ...signedInAs(session));

  const known: Known = { venues: new Map(), events: [] };
  const picker = h('select', { name: 'event' }, h('option', { value: '' }, 'Loading events…'));
  const panel = h('div', { 'data-testid': 'event-panel' }, h('p', {}, 'Choose an event to see its on-sale.'));
  const eventSelectVenue = h('select', { name: 'venueId', required: true });
  const fillVenues = (): void => showVenueChoices(eventSelectVenue, known);
  const venueForm = createVenueForm(session, known, fillVenues);
  const eventForm = createEventForm(session, known, eventSelectVenue, async (created) => {
    await refreshEvents(created.id);
  });
  replace(app, ...dashboardPage(picker, panel, venueForm, eventForm));
  focusHeading(app);

  async function refreshEvents(select?: string): Promise<void> {
    try {
      known.events = await loadEvents(auth);
    } catch (error) {
      replace(panel, notice('error', plain(error)));
      return;
    }
    for (const e of known.events) if (!known.venues.has(e.venue.id)) known.venues.set(e.venue.id, { name: e.venue.name, city: e.venue.city });
    fillVenues();
    const current = select || picker.value || eventInAddress() || '';
    replace(picker, ...eventChoices(known.events, current));
    if (current && picker.value === current) openEvent(current);
  }

  function openEvent(eventId: string): void {
    stopDashboard?.();
    if (!eventId) {
      replace(panel, h('p', {}, 'Choose an event to see its on-sale.'));
      return;
    }
    stopDashboard = eventPanel(panel, eventId, session, () => showSignIn('Your sign-in is no longer accepted. Sign in again.'));
  }

  picker.addEventListener('change', () => {
    history.replaceState(null, '', picker.value ? `#event=${encodeURIComponent(picker.value)}` : '#');
    openEvent(picker.value);
  });
  void refreshEvents(eventInAddress() ?? undefined);
}

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
  const element = h('dl', { className: 'stats' }, waitingBox, activeBox, rateBox, completedBox, abandonedBox, medianBox, waitlistBox, gateBox);
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
      h('thead', {}, h('tr', {}, ['Section', 'Price', 'Available', 'Held', 'Sold'].map((c) => h('th', { scope: 'col' }, c)))),
      rows,
      totals,
    ),
  );
}

function inventoryRow(s: EventDetail['sections'][number]): HTMLElement {
  return h('tr', { 'data-section': s.name }, h('th', { scope: 'row' }, s.name), h('td', {}, money(s.price)), h('td', {}, String(s.available)), h('td', {}, String(s.held)), h('td', {}, String(s.sold)));
}

function totalsRow(inv: Gate['inventory']): HTMLElement {
  return h('tr', {}, h('th', { scope: 'row' }, 'All'), h('td', {}), h('td', { 'data-testid': 'total-available' }, String(inv.available)), h('td', {}, String(inv.held)), h('td', { 'data-testid': 'total-sold' }, String(inv.sold)));
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
}

function eventPanelView(): EventPanelView {
  const stats = gateStats();
  const controls = gateControls();
  const title = h('h2', {}, 'Loading…');
  const updated = h('p', { className: 'updated', 'aria-live': 'off', 'data-testid': 'updated' });
  const gateProblem = h('div', {});
  const inventory = h('tbody', {});
  const totals = h('tfoot', {});
  const nodes = [title, updated, gateProblem, stats.element, h('h3', {}, 'Controls'), controls.form, controls.messages, h('h3', {}, 'Inventory by section'), inventoryTable(inventory, totals)];
  return { nodes, title, updated, gateProblem, stats, controls, inventory, totals };
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

const refused = (result: PromiseSettledResult<unknown>): boolean => result.status === 'rejected' && result.reason instanceof ApiError && result.reason.status === 401;

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
function eventPanel(element: HTMLElement, eventId: string, session: Session, onUnauthorized: () => void): () => void {
  const view = eventPanelView();
  const panel: EventPanel = { eventId, auth: { Authorization: session.authorization }, view, paused: false, formTouched: false, admitted: [], stopped: false, timer: 0, onUnauthorized };
  replace(element, ...view.nodes);
  listenToControls(panel);
  void refreshPanel(panel);
  return () => {
    panel.stopped = true;
    window.clearTimeout(panel.timer);
  };
}

// ---------- create venue and event ----------

function sectionFieldset(n: number): HTMLElement {
  return h(
    'fieldset',
    { className: 'section-rows' },
    h('legend', {}, `Section ${n}`),
    h(
      'div',
      { className: 'section-row' },
      field('Section name', h('input', { type: 'text', name: `section-name-${n}`, required: true, value: n === 1 ? 'Floor' : '' })),
      field('Rows', h('input', { type: 'number', name: `section-rows-${n}`, min: '1', required: true, value: '10', inputmode: 'numeric' })),
      field('Seats per row', h('input', { type: 'number', name: `section-seats-${n}`, min: '1', required: true, value: '20', inputmode: 'numeric' })),
    ),
  );
}

/** The sections typed into the venue form, numbered 1 to `count`. */
function typedSections(form: HTMLFormElement, count: number): { name: string; rows: number; seatsPerRow: number }[] {
  const sections = [];
  for (let n = 1; n <= count; n++) {
    const value = (suffix: string) => (form.elements.namedItem(`section-${suffix}-${n}`) as HTMLInputElement).value;
    sections.push({ name: value('name').trim(), rows: Number(value('rows')), seatsPerRow: Number(value('seats')) });
  }
  return sections;
}

function createVenueForm(session: Session, known: Known, onCreated: () => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'name', required: true });
  const city = h('input', { type: 'text', name: 'city', required: true });
  const address = h('input', { type: 'text', name: 'address', required: true });
  const rows = h('div', {}, sectionFieldset(1));
  const messages = h('div', { 'aria-live': 'polite' });
  let count = 1;
  const more = h('button', { type: 'button', className: 'secondary' }, 'Add a section');
  more.addEventListener('click', () => {
    rows.append(sectionFieldset(++count));
    (rows.lastElementChild?.querySelector('input') as HTMLInputElement | null)?.focus();
  });
  const form = h('form', { className: 'panel', 'aria-labelledby': 'new-venue' }, h('h2', { id: 'new-venue' }, 'New venue'), field('Name', name), field('City', city), field('Address', address), rows, more, ' ', h('button', { type: 'submit', className: 'primary' }, 'Create venue'), messages);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(messages);
    const sections = typedSections(form, count);
    try {
      const venue = await api.post<{ id: string; name: string; city: string; sections: { name: string }[] }>(
        '/venues/',
        { name: name.value.trim(), city: city.value.trim(), address: address.value.trim(), sections },
        { Authorization: session.authorization },
      );
      known.venues.set(venue.id, { name: venue.name, city: venue.city, sections: venue.sections.map((s) => s.name) });
      onCreated();
      replace(messages, notice('success', `Venue “${venue.name}” created. You can now create an event there.`));
    } catch (error) {
      replace(messages, notice('error', plain(error)));
    }
  });
  return form;
}

function toIso(local: string): string {
  return new Date(local).toISOString();
}

function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The inputs of the event form (the venue select comes from the dashboard, which fills it). */
interface EventFields {
  name: HTMLInputElement;
  category: HTMLSelectElement;
  venue: HTMLSelectElement;
  startsAt: HTMLInputElement;
  onSaleAt: HTMLInputElement;
  description: HTMLTextAreaElement;
  performers: HTMLInputElement;
  maxActive: HTMLInputElement;
  admitPerMinute: HTMLInputElement;
  prices: HTMLElement;
}

function eventFields(venue: HTMLSelectElement): EventFields {
  return {
    name: h('input', { type: 'text', name: 'name', required: true }),
    category: h('select', { name: 'category' }, CATEGORIES.map((c) => h('option', { value: c }, c))),
    venue,
    startsAt: h('input', { type: 'datetime-local', name: 'startsAt', required: true, value: localInput(new Date(Date.now() + 30 * 86_400_000)) }),
    onSaleAt: h('input', { type: 'datetime-local', name: 'onSaleAt', required: true, value: localInput(new Date()) }),
    description: h('textarea', { name: 'description', rows: '2' }),
    performers: h('input', { type: 'text', name: 'performers' }),
    maxActive: h('input', { type: 'number', name: 'maxActive', min: '1', value: '200', inputmode: 'numeric' }),
    admitPerMinute: h('input', { type: 'number', name: 'admitPerMinute', min: '1', value: '600', inputmode: 'numeric' }),
    prices: h('fieldset', { className: 'section-rows' }, ...priceFields(undefined)),
  };
}

/** The price inputs of the prices fieldset: one per section of the venue, or a hint while no venue is chosen. */
function priceFields(sections: string[] | undefined): Node[] {
  const legend = h('legend', {}, 'Prices by section (dollars)');
  if (!sections) return [legend, h('p', { className: 'hint' }, 'Choose a venue first.')];
  return [
    legend,
    ...sections.map((section) => field(section, h('input', { type: 'number', min: '0', step: '0.01', required: true, value: '50', 'data-section': section, inputmode: 'decimal' }))),
    ...(sections.length ? [] : [h('p', { className: 'hint' }, 'The sections of this venue are not known here.')]),
  ];
}

/** A venue's section names: known when it was created here, otherwise read from one of its events. */
async function venueSections(known: Known, venueId: string, entry: { sections?: string[] }): Promise<string[]> {
  if (!entry.sections) {
    const sample = known.events.find((e) => e.venue.id === venueId);
    if (sample) {
      try {
        const detail = await api.get<EventDetail>(`/events/${encodeURIComponent(sample.id)}`);
        entry.sections = detail.sections.map((s) => s.name);
      } catch {
        entry.sections = [];
      }
    }
  }
  return entry.sections ?? [];
}

function eventForm(fields: EventFields, messages: HTMLElement): HTMLFormElement {
  return h(
    'form',
    { className: 'panel', 'aria-labelledby': 'new-event' },
    h('h2', { id: 'new-event' }, 'New event'),
    field('Name', fields.name),
    field('Category', fields.category),
    field('Venue', fields.venue),
    field('Starts', fields.startsAt),
    field('Sale opens', fields.onSaleAt),
    field('Description', fields.description),
    field('Performers', fields.performers, 'Separate names with commas.'),
    fields.prices,
    field('Checkout cap', fields.maxActive),
    field('Admit rate (per minute)', fields.admitPerMinute),
    h('button', { type: 'submit', className: 'primary' }, 'Create event'),
    messages,
  );
}

/** The body of `POST /events/` from the form; prices in cents. */
function eventBody(fields: EventFields): Record<string, unknown> {
  const prices: Record<string, number> = {};
  for (const input of fields.prices.querySelectorAll<HTMLInputElement>('input[data-section]')) {
    prices[input.dataset.section as string] = Math.round(Number(input.value) * 100);
  }
  const description = fields.description.value.trim();
  const performers = fields.performers.value.trim();
  return {
    name: fields.name.value.trim(),
    category: fields.category.value,
    venueId: fields.venue.value,
    startsAt: toIso(fields.startsAt.value),
    onSaleAt: toIso(fields.onSaleAt.value),
    ...(description ? { description } : {}),
    ...(performers ? { performers: fields.performers.value.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
    prices,
    waitingRoom: { maxActive: Number(fields.maxActive.value), admitPerMinute: Number(fields.admitPerMinute.value) },
  };
}

function createEventForm(session: Session, known: Known, venue: HTMLSelectElement, onCreated: (event: EventDetail) => Promise<void>): HTMLElement {
  const fields = eventFields(venue);
  const messages = h('div', { 'aria-live': 'polite' });
  venue.addEventListener('change', async () => {
    const id = venue.value;
    const entry = known.venues.get(id);
    if (!entry) return replace(fields.prices, ...priceFields(undefined));
    const sections = await venueSections(known, id, entry);
    if (venue.value === id) replace(fields.prices, ...priceFields(sections));
  });
  const form = eventForm(fields, messages);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(messages);
    try {
      const event = await api.post<EventDetail>('/events/', eventBody(fields), { Authorization: session.authorization });
      replace(messages, notice('success', `Event “${event.name}” created. `, h('a', { href: `/#/event/${encodeURIComponent(event.id)}` }, 'See the fan page')));
      await onCreated(event);
    } catch (error) {
      replace(messages, notice('error', plain(error)));
    }
  });
  return form;
}

// ---------- start ----------

const session = currentSession();
if (session) showDashboard(session);
else showSignIn();

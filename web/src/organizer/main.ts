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

function showDashboard(session: Session): void {
  const auth = { Authorization: session.authorization };
  const signOutButton = h('button', { type: 'button', className: 'secondary' }, 'Sign out');
  signOutButton.addEventListener('click', () => {
    signOut();
    showSignIn();
  });
  replace(who, `Signed in as ${session.username} `, signOutButton);

  const known: Known = { venues: new Map(), events: [] };
  const picker = h('select', { name: 'event' }, h('option', { value: '' }, 'Loading events…'));
  const panel = h('div', { 'data-testid': 'event-panel' }, h('p', {}, 'Choose an event to see its on-sale.'));
  const venueForm = createVenueForm(session, known, () => fillVenues());
  const eventSelectVenue = h('select', { name: 'venueId', required: true });
  const eventForm = createEventForm(session, known, eventSelectVenue, async (created) => {
    await refreshEvents(created.id);
  });

  replace(
    app,
    h('h1', {}, 'On-sale dashboard'),
    h('div', { className: 'panel' }, field('Event', picker)),
    panel,
    h('div', { className: 'grid-2' }, venueForm, eventForm),
  );
  focusHeading(app);

  function fillVenues(): void {
    const chosen = eventSelectVenue.value;
    replace(
      eventSelectVenue,
      h('option', { value: '' }, 'Choose a venue'),
      [...known.venues].map(([id, v]) => h('option', { value: id, selected: id === chosen }, `${v.name}, ${v.city}`)),
    );
    eventSelectVenue.dispatchEvent(new Event('change'));
  }

  async function refreshEvents(select?: string): Promise<void> {
    try {
      known.events = await loadEvents(auth);
    } catch (error) {
      replace(panel, notice('error', plain(error)));
      return;
    }
    for (const e of known.events) if (!known.venues.has(e.venue.id)) known.venues.set(e.venue.id, { name: e.venue.name, city: e.venue.city });
    fillVenues();
    const current = select || picker.value || new URLSearchParams(location.hash.slice(1)).get('event') || '';
    replace(
      picker,
      h('option', { value: '' }, 'Choose an event'),
      known.events.map((e) => h('option', { value: e.id, selected: e.id === current }, `${e.name} — ${dateTime(e.startsAt)} — ${e.venue.city}`)),
    );
    if (current && picker.value === current) openEvent(current);
  }

  picker.addEventListener('change', () => {
    history.replaceState(null, '', picker.value ? `#event=${encodeURIComponent(picker.value)}` : '#');
    openEvent(picker.value);
  });

  function openEvent(eventId: string): void {
    stopDashboard?.();
    if (!eventId) {
      replace(panel, h('p', {}, 'Choose an event to see its on-sale.'));
      return;
    }
    stopDashboard = eventPanel(panel, eventId, session, () => showSignIn('Your sign-in is no longer accepted. Sign in again.'));
  }

  const initial = new URLSearchParams(location.hash.slice(1)).get('event') ?? undefined;
  void refreshEvents(initial);
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

/** The live panel of one event; returns a function that stops its refreshing. */
function eventPanel(panel: HTMLElement, eventId: string, session: Session, onUnauthorized: () => void): () => void {
  const auth = { Authorization: session.authorization };
  let stopped = false;
  let timer = 0;
  const admitted: { at: number; total: number }[] = [];

  const [waitingBox, waiting] = stat('Waiting', 'stat-waiting');
  const [activeBox, active] = stat('In checkout (active of max)', 'stat-active');
  const [rateBox, rate] = stat('Admitted in the last minute', 'stat-rate');
  const [completedBox, completed] = stat('Completed (bought)', 'stat-completed');
  const [abandonedBox, abandoned] = stat('Abandoned', 'stat-abandoned');
  const [medianBox, median] = stat('Median checkout time', 'stat-median');
  const [waitlistBox, waitlist] = stat('Waitlist', 'stat-waitlist');
  const [gateBox, gateState] = stat('Gate', 'stat-gate');
  const title = h('h2', {}, 'Loading…');
  const updated = h('p', { className: 'updated', 'aria-live': 'off', 'data-testid': 'updated' });
  const gateProblem = h('div', {});
  const inventory = h('tbody', {});
  const totals = h('tfoot', {});

  const admitRate = h('input', { type: 'number', name: 'admitPerMinute', min: '1', step: '1', inputmode: 'numeric', required: true });
  const cap = h('input', { type: 'number', name: 'maxActive', min: '1', step: '1', inputmode: 'numeric', required: true });
  const save = h('button', { type: 'submit', className: 'primary' }, 'Apply');
  const pause = h('button', { type: 'button', className: 'secondary', 'data-testid': 'pause' }, 'Pause admissions');
  const controlMessages = h('div', { 'aria-live': 'polite' });
  const controls = h(
    'form',
    { className: 'panel controls', 'aria-label': 'Gate controls' },
    field('Admit rate (fans per minute)', admitRate),
    field('Checkout cap (fans buying at once)', cap),
    h('div', { className: 'field' }, save),
    h('div', { className: 'field' }, pause),
  );
  let paused = false;
  let formTouched = false;
  for (const input of [admitRate, cap]) input.addEventListener('input', () => (formTouched = true));

  replace(
    panel,
    title,
    updated,
    gateProblem,
    h('dl', { className: 'stats' }, waitingBox, activeBox, rateBox, completedBox, abandonedBox, medianBox, waitlistBox, gateBox),
    h('h3', {}, 'Controls'),
    controls,
    controlMessages,
    h('h3', {}, 'Inventory by section'),
    h(
      'div',
      { className: 'table-wrap' },
      h(
        'table',
        { className: 'prices', 'data-testid': 'inventory' },
        h('thead', {}, h('tr', {}, ['Section', 'Price', 'Available', 'Held', 'Sold'].map((c) => h('th', { scope: 'col' }, c)))),
        inventory,
        totals,
      ),
    ),
  );

  async function patchGate(body: Partial<Gate>): Promise<void> {
    replace(controlMessages);
    try {
      const gate = await api.patch<Gate>(`/gate/${encodeURIComponent(eventId)}`, body, auth);
      formTouched = false;
      showGate(gate);
      replace(controlMessages, notice('success', 'Saved. The gate follows the new settings within a second.'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return onUnauthorized();
      replace(controlMessages, notice('error', plain(error)));
    }
  }

  controls.addEventListener('submit', (e) => {
    e.preventDefault();
    void patchGate({ admitPerMinute: Number(admitRate.value), maxActive: Number(cap.value) });
  });
  pause.addEventListener('click', () => void patchGate({ paused: !paused }));

  function showGate(gate: Gate): void {
    paused = gate.paused;
    waiting.textContent = String(gate.waiting);
    active.textContent = `${gate.active} of ${gate.maxActive}`;
    const now = Date.now();
    admitted.push({ at: now, total: gate.admittedTotal });
    while (admitted.length > 2 && admitted[1].at <= now - 60_000) admitted.shift();
    const first = admitted[0];
    const span = (now - first.at) / 1000;
    rate.textContent = `${gate.admittedTotal - first.total}${span < 55 ? ` (last ${Math.max(1, Math.round(span))} s)` : ''}`;
    rate.title = `Setting: ${gate.admitPerMinute} per minute`;
    completed.textContent = String(gate.completed);
    abandoned.textContent = String(gate.abandoned);
    median.textContent = duration(gate.medianCheckoutSeconds);
    gateState.textContent = gate.paused ? 'Paused' : `Open · ${gate.admitPerMinute}/min`;
    pause.textContent = gate.paused ? 'Resume admissions' : 'Pause admissions';
    pause.setAttribute('aria-pressed', String(gate.paused));
    if (!formTouched && document.activeElement !== admitRate && document.activeElement !== cap) {
      admitRate.value = String(gate.admitPerMinute);
      cap.value = String(gate.maxActive);
    }
  }

  function showEvent(event: EventDetail): void {
    title.textContent = `${event.name} — ${dateTime(event.startsAt)}, ${event.venue.name}`;
    waitlist.textContent = event.waitlist.open || event.waitlist.length ? `${event.waitlist.length} waiting` : 'Closed';
    replace(
      inventory,
      event.sections.map((s) =>
        h('tr', { 'data-section': s.name }, h('th', { scope: 'row' }, s.name), h('td', {}, money(s.price)), h('td', {}, String(s.available)), h('td', {}, String(s.held)), h('td', {}, String(s.sold))),
      ),
    );
  }

  function showTotals(inv: Gate['inventory']): void {
    replace(totals, h('tr', {}, h('th', { scope: 'row' }, 'All'), h('td', {}), h('td', { 'data-testid': 'total-available' }, String(inv.available)), h('td', {}, String(inv.held)), h('td', { 'data-testid': 'total-sold' }, String(inv.sold))));
  }

  async function refresh(): Promise<void> {
    const started = Date.now();
    const [gateResult, eventResult] = await Promise.allSettled([
      api.get<Gate>(`/gate/${encodeURIComponent(eventId)}`, auth),
      api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`, auth),
    ]);
    if (stopped) return;
    for (const result of [gateResult, eventResult]) {
      if (result.status === 'rejected' && result.reason instanceof ApiError && result.reason.status === 401) {
        stopped = true;
        onUnauthorized();
        return;
      }
    }
    if (eventResult.status === 'fulfilled') showEvent(eventResult.value);
    if (gateResult.status === 'fulfilled') {
      showGate(gateResult.value);
      showTotals(gateResult.value.inventory);
      replace(gateProblem);
    } else {
      replace(gateProblem, notice('error', `The gate of this event cannot be read: ${plain(gateResult.reason)}`));
    }
    if (eventResult.status === 'fulfilled' || gateResult.status === 'fulfilled') {
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    }
    timer = window.setTimeout(() => void refresh(), Math.max(0, REFRESH_MS - (Date.now() - started)));
  }
  void refresh();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

// ---------- create venue and event ----------

function createVenueForm(session: Session, known: Known, onCreated: () => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'name', required: true });
  const city = h('input', { type: 'text', name: 'city', required: true });
  const address = h('input', { type: 'text', name: 'address', required: true });
  const rows = h('div', {});
  const messages = h('div', { 'aria-live': 'polite' });
  let count = 0;
  function addSection(): void {
    count++;
    const n = count;
    rows.append(
      h(
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
      ),
    );
  }
  addSection();
  const more = h('button', { type: 'button', className: 'secondary' }, 'Add a section');
  more.addEventListener('click', () => {
    addSection();
    (rows.lastElementChild?.querySelector('input') as HTMLInputElement | null)?.focus();
  });
  const form = h('form', { className: 'panel', 'aria-labelledby': 'new-venue' }, h('h2', { id: 'new-venue' }, 'New venue'), field('Name', name), field('City', city), field('Address', address), rows, more, ' ', h('button', { type: 'submit', className: 'primary' }, 'Create venue'), messages);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(messages);
    const sections = [];
    for (let n = 1; n <= count; n++) {
      const value = (suffix: string) => (form.elements.namedItem(`section-${suffix}-${n}`) as HTMLInputElement).value;
      sections.push({ name: value('name').trim(), rows: Number(value('rows')), seatsPerRow: Number(value('seats')) });
    }
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

function createEventForm(session: Session, known: Known, venue: HTMLSelectElement, onCreated: (event: EventDetail) => Promise<void>): HTMLElement {
  const name = h('input', { type: 'text', name: 'name', required: true });
  const category = h('select', { name: 'category' }, CATEGORIES.map((c) => h('option', { value: c }, c)));
  const startsAt = h('input', { type: 'datetime-local', name: 'startsAt', required: true, value: localInput(new Date(Date.now() + 30 * 86_400_000)) });
  const onSaleAt = h('input', { type: 'datetime-local', name: 'onSaleAt', required: true, value: localInput(new Date()) });
  const description = h('textarea', { name: 'description', rows: '2' });
  const performers = h('input', { type: 'text', name: 'performers' });
  const maxActive = h('input', { type: 'number', name: 'maxActive', min: '1', value: '200', inputmode: 'numeric' });
  const admitPerMinute = h('input', { type: 'number', name: 'admitPerMinute', min: '1', value: '600', inputmode: 'numeric' });
  const prices = h('fieldset', { className: 'section-rows' }, h('legend', {}, 'Prices by section (dollars)'), h('p', { className: 'hint' }, 'Choose a venue first.'));
  const messages = h('div', { 'aria-live': 'polite' });

  venue.addEventListener('change', async () => {
    const id = venue.value;
    const entry = known.venues.get(id);
    if (!entry) {
      replace(prices, h('legend', {}, 'Prices by section (dollars)'), h('p', { className: 'hint' }, 'Choose a venue first.'));
      return;
    }
    if (!entry.sections) {
      const sample = known.events.find((e) => e.venue.id === id);
      if (sample) {
        try {
          const detail = await api.get<EventDetail>(`/events/${encodeURIComponent(sample.id)}`);
          entry.sections = detail.sections.map((s) => s.name);
        } catch {
          entry.sections = [];
        }
      }
    }
    if (venue.value !== id) return;
    replace(
      prices,
      h('legend', {}, 'Prices by section (dollars)'),
      (entry.sections ?? []).map((section) => field(section, h('input', { type: 'number', min: '0', step: '0.01', required: true, value: '50', 'data-section': section, inputmode: 'decimal' }))),
      entry.sections?.length ? null : h('p', { className: 'hint' }, 'The sections of this venue are not known here.'),
    );
  });

  const form = h(
    'form',
    { className: 'panel', 'aria-labelledby': 'new-event' },
    h('h2', { id: 'new-event' }, 'New event'),
    field('Name', name),
    field('Category', category),
    field('Venue', venue),
    field('Starts', startsAt),
    field('Sale opens', onSaleAt),
    field('Description', description),
    field('Performers', performers, 'Separate names with commas.'),
    prices,
    field('Checkout cap', maxActive),
    field('Admit rate (per minute)', admitPerMinute),
    h('button', { type: 'submit', className: 'primary' }, 'Create event'),
    messages,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(messages);
    const priceMap: Record<string, number> = {};
    for (const input of prices.querySelectorAll<HTMLInputElement>('input[data-section]')) {
      priceMap[input.dataset.section as string] = Math.round(Number(input.value) * 100);
    }
    try {
      const event = await api.post<EventDetail>(
        '/events/',
        {
          name: name.value.trim(),
          category: category.value,
          venueId: venue.value,
          startsAt: toIso(startsAt.value),
          onSaleAt: toIso(onSaleAt.value),
          ...(description.value.trim() ? { description: description.value.trim() } : {}),
          ...(performers.value.trim() ? { performers: performers.value.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
          prices: priceMap,
          waitingRoom: { maxActive: Number(maxActive.value), admitPerMinute: Number(admitPerMinute.value) },
        },
        { Authorization: session.authorization },
      );
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

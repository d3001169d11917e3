// The organizer dashboard: sign in, pick an event, watch its gate and
// inventory (re-read twice a second, so never more than a second old), tune
// the admit rate, the checkout cap and pause; create venues and events.
import { api, type EventPage } from '../shared/api.js';
import { field, h, notice, replace, focusHeading } from '../shared/dom.js';
import { dateTime } from '../shared/format.js';
import { currentSession, signIn, signOut, type Session } from './auth.js';
import { eventPanel } from './eventPanel.js';
import { createEventForm, createVenueForm, type Known } from './forms.js';
import { plain } from './messages.js';

const app = document.getElementById('app') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
let stopDashboard: (() => void) | undefined;

// ---------- sign in ----------

function showSignIn(message?: string): void {
  stopDashboard?.();
  replace(who);
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const messages = h('div', {}, message ? notice('error', message) : null);
  const submit = h('button', { type: 'submit', className: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { className: 'panel', 'aria-label': 'Sign in' },
    field('User name', username),
    field('Password', password),
    submit,
  );
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
  replace(
    app,
    h('h1', {}, 'Organizer sign-in'),
    h('p', {}, 'Use your Harper user (an organizer or an administrator). Nothing here works without signing in.'),
    messages,
    form,
  );
  focusHeading(app);
}

// ---------- dashboard ----------

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
  return [
    h('h1', {}, 'On-sale dashboard'),
    h('div', { className: 'panel' }, field('Event', picker)),
    panel,
    h('div', { className: 'grid-2' }, venueForm, eventForm),
  ];
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
    for (const e of known.events)
      if (!known.venues.has(e.venue.id)) known.venues.set(e.venue.id, { name: e.venue.name, city: e.venue.city });
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

// ---------- start ----------

const session = currentSession();
if (session) showDashboard(session);
else showSignIn();

// One event: details, prices by section, and the seat map kept current by
// `availability/{eventId}` without reloading. From here a fan gets tickets
// (the queue) or, when sold out, joins the waitlist.
import { api, type Availability, type EventDetail, type SeatMap } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import { explain } from './messages.js';
import { seatMapView, type SeatMapView } from './seatMap.js';
import { store } from './store.js';
import { STATUS_TEXT } from './browse.js';
import { follow, poll, throttle, type View } from './view.js';
import { startSolving } from './challenge.js';

export function eventHeader(event: EventDetail): HTMLElement {
  return h(
    'header',
    { className: 'event-header' },
    h('p', { className: 'breadcrumb' }, h('a', { href: '#/' }, 'All events')),
    h('h1', {}, event.name),
    h('p', { className: 'meta' }, `${dateTime(event.startsAt)} · ${event.venue.name}, ${event.venue.city}`),
    h('p', { className: 'meta' }, h('span', { className: `badge status-${event.status}` }, STATUS_TEXT[event.status])),
  );
}

export function priceTable(event: EventDetail): HTMLElement {
  return h(
    'table',
    { className: 'prices' },
    h('caption', {}, 'Prices and seats left'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Section'), h('th', { scope: 'col' }, 'Price'), h('th', { scope: 'col' }, 'Seats left')),
    ),
    h(
      'tbody',
      {},
      event.sections.map((s) =>
        h(
          'tr',
          { 'data-section': s.name },
          h('th', { scope: 'row' }, s.name),
          h('td', {}, money(s.price)),
          h('td', { className: 'left' }, String(s.available)),
        ),
      ),
    ),
  );
}

const countsOf = (c: { available: number; held: number; sold: number }) => `${c.available}/${c.held}/${c.sold}`;

/** Does a seat map still disagree with the counts of the latest availability message? */
function seatMapBehind(map: SeatMap, expected: Map<string, string> | undefined): boolean {
  if (!expected) return false;
  return map.sections.some((section) => {
    const count = { available: 0, held: 0, sold: 0 };
    for (const row of section.rows) for (const seat of row.seats) count[seat.status]++;
    return expected.has(section.name) && expected.get(section.name) !== countsOf(count);
  });
}

/** Writes "seats left" into the price table, section by section. */
function showSeatsLeft(table: HTMLElement, left: { name: string; available: number }[]): void {
  for (const section of left) {
    const cell = table.querySelector(`tr[data-section="${CSS.escape(section.name)}"] .left`);
    if (cell) cell.textContent = String(section.available);
  }
}

const seatsLeftOf = (map: SeatMap): { name: string; available: number }[] =>
  map.sections.map((section) => ({
    name: section.name,
    available: section.rows.reduce((n, row) => n + row.seats.filter((s) => s.status === 'available').length, 0),
  }));

/** Keeps a seat map and its price table current from `availability/{eventId}`, re-reading the seat map over HTTP. */
export function liveSeatMap(view: View, eventId: string, map: SeatMapView, table: HTMLElement | undefined, onChange?: () => void): void {
  // the seat map may be served from a snapshot a moment older than the latest
  // availability message: re-read (a few times) until the counts agree
  let expected: Map<string, string> | undefined;
  let retries = 0;
  const refresh = throttle(250, async () => {
    try {
      const next = await api.get<SeatMap>(`/seatmap/${encodeURIComponent(eventId)}`);
      if (!view.current()) return;
      map.update(next);
      if (seatMapBehind(next, expected) && retries < 8) {
        retries++;
        window.setTimeout(refresh, 300);
      } else {
        retries = 0;
      }
      if (table) showSeatsLeft(table, seatsLeftOf(next));
      onChange?.();
    } catch {
      // keep what is shown; the next message or poll tries again
    }
  });
  const sub = follow(view, `availability/${eventId}`, {
    message(message) {
      const counts = (message as Availability).sections;
      if (Array.isArray(counts)) expected = new Map(counts.map((c) => [c.name, countsOf(c)]));
      retries = 0;
      if (table && Array.isArray(counts)) showSeatsLeft(table, counts);
      refresh();
    },
    resync: refresh,
  });
  poll(view, sub, 5000, 30_000, refresh);
}

/** What a fan can do about an event: get tickets, see or join its waitlist, or nothing (cancelled, over). */
function eventActions(view: View, eventId: string, event: EventDetail, messages: HTMLElement): Node[] {
  const eventPath = `#/event/${encodeURIComponent(eventId)}`;
  if (event.status === 'sold_out') {
    if (store.waitlist(eventId))
      return [h('a', { href: `${eventPath}/waitlist`, className: 'button-link primary' }, 'See your waitlist place')];
    return [waitlistForm(view, event, messages)];
  }
  if (event.status === 'on_sale' || event.status === 'scheduled') {
    const label = store.ticket(eventId) ? 'Continue to your place in line' : 'Get tickets';
    const getTickets = h('a', { href: `${eventPath}/queue`, className: 'button-link primary', 'data-testid': 'get-tickets' }, label);
    if (event.status === 'on_sale') return [getTickets];
    return [
      getTickets,
      h('p', { className: 'meta' }, `Sale opens ${dateTime(event.onSaleAt)}. You can join the waiting room shortly before.`),
    ];
  }
  return [notice('info', event.status === 'cancelled' ? 'This event was cancelled. Orders are refunded.' : 'This event is over.')];
}

export async function eventScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  replace(view.root, h('p', {}, 'Loading the event…'));
  let event: EventDetail;
  let seats: SeatMap;
  try {
    [event, seats] = await Promise.all([
      api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`),
      api.get<SeatMap>(`/seatmap/${encodeURIComponent(eventId)}`),
    ]);
  } catch (error) {
    if (view.current())
      replace(
        view.root,
        h('h1', {}, 'Event'),
        notice('error', explain(error).text),
        h('p', {}, h('a', { href: '#/' }, 'Back to all events')),
      );
    return;
  }
  if (!view.current()) return;
  startSolving(event);

  const actions = h('div', { className: 'actions' });
  const messages = h('div', { className: 'messages' });
  const table = priceTable(event);
  const map = seatMapView(seats, { choosing: false, selected: new Set() });
  replace(
    view.root,
    eventHeader(event),
    event.description ? h('p', {}, event.description) : null,
    event.performers?.length ? h('p', {}, h('strong', {}, 'With: '), event.performers.join(', ')) : null,
    actions,
    messages,
    table,
    h('h2', {}, 'Seat map'),
    map.element,
  );
  liveSeatMap(view, eventId, map, table);
  actions.append(...eventActions(view, eventId, event, messages));
}

export function waitlistForm(view: View, event: EventDetail, messages: HTMLElement): HTMLElement {
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', max: '8', value: '2', required: true, inputmode: 'numeric' });
  const section = h(
    'select',
    { name: 'section' },
    h('option', { value: '' }, 'Any section'),
    event.sections.map((s) => h('option', { value: s.name }, `${s.name} (${money(s.price)})`)),
  );
  const submit = h('button', { type: 'submit', className: 'primary' }, 'Join the waitlist');
  const form = h(
    'form',
    { className: 'waitlist-form', 'aria-label': 'Join the waitlist' },
    h(
      'p',
      {},
      'Sold out — but seats come back when orders are cancelled. ' +
        'Join the waitlist and they are offered to you, in turn, held just for you.',
    ),
    field('How many seats', quantity),
    field('Section', section),
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    replace(messages);
    try {
      const entry = await api.post<{ waitlistId: string }>('/waitlist/', {
        eventId: event.id,
        quantity: Number(quantity.value),
        ...(section.value ? { section: section.value } : {}),
      });
      store.setWaitlist(event.id, entry.waitlistId);
      view.navigate(`#/event/${encodeURIComponent(event.id)}/waitlist`);
    } catch (error) {
      submit.disabled = false;
      const message = explain(error, 'waitlist');
      replace(
        messages,
        notice(
          'error',
          message.text,
          message.action === 'rejoin' ? [' ', h('a', { href: `#/event/${encodeURIComponent(event.id)}/queue` }, 'Get tickets')] : null,
        ),
      );
    }
  });
  return form;
}

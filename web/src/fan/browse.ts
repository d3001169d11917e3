// Browsing: the filters of GET /events/ (category, city, venue, dates, words),
// kept in the address so back and reload keep them, and paging. On a phone
// the filters fold behind one control above the events.
import { api, type EventPage, type EventSummary } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import { explain } from './messages.js';
import type { View } from './view.js';

const PAGE_SIZE = 12;
const CATEGORIES = ['music', 'sports', 'comedy', 'theater', 'family'];
const FILTERS = ['q', 'category', 'city', 'venue', 'from', 'to'] as const;
/** screens narrower than this fold the filters */
const PHONE = '(max-width: 40rem)';

export const STATUS_TEXT: Record<EventSummary['status'], string> = {
  scheduled: 'Sale not open yet',
  on_sale: 'On sale',
  sold_out: 'Sold out',
  cancelled: 'Cancelled',
  past: 'Over',
};

/** Venues seen in listings, for the venue filter (API.md has no venue list for fans). */
let knownVenues: Map<string, string> | undefined;

async function venues(): Promise<Map<string, string>> {
  if (knownVenues) return knownVenues;
  const found = new Map<string, string>();
  try {
    const page = await api.get<EventPage>('/events/?limit=100');
    for (const event of page.items) found.set(event.venue.id, `${event.venue.name}, ${event.venue.city}`);
    knownVenues = found;
  } catch {
    // the filter stays with "any venue"
  }
  return found;
}

/** The filters, filled from the address; `onSearch` gets the filters typed in. */
function filterForm(
  query: URLSearchParams,
  onSearch: (filters: URLSearchParams) => void,
): { form: HTMLFormElement; venue: HTMLSelectElement } {
  const words = h('input', { type: 'search', name: 'q', value: query.get('q') ?? '', placeholder: 'Artist, team or show' });
  const category = h(
    'select',
    { name: 'category' },
    h('option', { value: '' }, 'Any category'),
    CATEGORIES.map((c) => h('option', { value: c, selected: query.get('category') === c }, c[0].toUpperCase() + c.slice(1))),
  );
  const city = h('input', { type: 'text', name: 'city', value: query.get('city') ?? '', autocomplete: 'address-level2' });
  const venue = h('select', { name: 'venue' }, h('option', { value: '' }, 'Any venue'));
  const from = h('input', { type: 'date', name: 'from', value: query.get('from') ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: query.get('to') ?? '' });
  const form = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': 'Find events' },
    field('Search', words),
    field('Category', category),
    field('City', city),
    field('Venue', venue),
    field('From', from),
    field('To', to),
    h(
      'div',
      { className: 'filter-actions' },
      h('button', { type: 'submit', className: 'primary' }, 'Find events'),
      h('a', { href: '#/', className: 'button-link' }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
      if (value) next.set(name, value);
    }
    onSearch(next);
  });
  return { form, venue };
}

/** The query of `GET /events/` for the filters in the address and a page. */
function eventsQuery(query: URLSearchParams, offset: number): URLSearchParams {
  const apiQuery = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query.get(name);
    if (!value) continue;
    // the date inputs give days; the API filters startsAt by instants
    if (name === 'from') apiQuery.set('from', new Date(`${value}T00:00:00`).toISOString());
    else if (name === 'to') apiQuery.set('to', new Date(`${value}T23:59:59`).toISOString());
    else apiQuery.set(name, value);
  }
  apiQuery.set('limit', String(PAGE_SIZE));
  apiQuery.set('offset', String(offset));
  return apiQuery;
}

function eventCard(event: EventSummary): HTMLElement {
  return h(
    'li',
    { className: 'event-card' },
    h('h2', {}, h('a', { href: `#/event/${encodeURIComponent(event.id)}` }, event.name)),
    h('p', { className: 'meta' }, `${dateTime(event.startsAt)} · ${event.venue.name}, ${event.venue.city}`),
    h(
      'p',
      { className: 'meta' },
      h('span', { className: `badge status-${event.status}` }, STATUS_TEXT[event.status]),
      event.status === 'on_sale' ? ` From ${money(event.minPrice)} · ${event.available} seats left` : '',
    ),
  );
}

function pager(page: EventPage, query: URLSearchParams): HTMLElement {
  const pageLink = (newOffset: number, label: string, rel: string) => {
    const next = new URLSearchParams(query);
    next.set('offset', String(newOffset));
    return h('a', { href: `#/events?${next}`, className: 'button-link', rel }, label);
  };
  const last = page.offset + page.items.length;
  return h(
    'nav',
    { className: 'pager', 'aria-label': 'Pages of events' },
    page.offset > 0 ? pageLink(Math.max(0, page.offset - PAGE_SIZE), 'Previous page', 'prev') : null,
    last < page.total ? pageLink(page.offset + PAGE_SIZE, 'Next page', 'next') : null,
  );
}

/** One page of results: the count, the events, and links to the pages before and after. */
function resultsView(page: EventPage, query: URLSearchParams): Node[] {
  if (page.items.length === 0) return [h('p', {}, 'No events match. Try fewer filters.')];
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  return [
    h('p', { className: 'count' }, `Showing ${first}–${last} of ${page.total} events`),
    h('ul', { className: 'event-list' }, page.items.map(eventCard)),
    pager(page, query),
  ];
}

/** On a phone the filters fold behind one control, so the first events show on the first screen; open on wider screens. */
function foldedFilters(form: HTMLFormElement, query: URLSearchParams): HTMLElement {
  const active = FILTERS.filter((name) => query.get(name)).length;
  const fold = h(
    'details',
    { className: 'filter-fold', 'data-testid': 'filters' },
    h('summary', {}, active ? `Filters (${active} on)` : 'Filters'),
    form,
  );
  fold.open = !window.matchMedia(PHONE).matches;
  return fold;
}

export async function browseScreen(view: View): Promise<void> {
  const query = view.query;
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const { form, venue } = filterForm(query, (filters) => view.navigate(`#/events?${filters}`));
  const results = h('div', { className: 'results', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', {}, 'Loading events…'));
  replace(view.root, h('h1', {}, 'Find your next event'), foldedFilters(form, query), results);

  void venues().then((found) => {
    for (const [id, label] of found) venue.append(h('option', { value: id, selected: query.get('venue') === id }, label));
  });

  let page: EventPage;
  try {
    page = await api.get<EventPage>(`/events/?${eventsQuery(query, offset)}`);
  } catch (error) {
    if (view.current()) replace(results, notice('error', explain(error).text));
    return;
  }
  if (!view.current()) return;
  results.setAttribute('aria-busy', 'false');
  replace(results, ...resultsView(page, query));
}

// The forms that create a venue (any number of sections) and an event at a
// venue, with its prices by section and its waiting room.
import { api, type EventDetail, type EventPage } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import type { Session } from './auth.js';
import { plain } from './messages.js';

const CATEGORIES = ['music', 'sports', 'comedy', 'theater', 'family'];

/** What the dashboard knows of venues and events, shared with the forms. */
export interface Known {
  venues: Map<string, { name: string; city: string; sections?: string[] }>;
  events: EventPage['items'];
}

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
      field(
        'Seats per row',
        h('input', { type: 'number', name: `section-seats-${n}`, min: '1', required: true, value: '20', inputmode: 'numeric' }),
      ),
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

export function createVenueForm(session: Session, known: Known, onCreated: () => void): HTMLElement {
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
  const form = h(
    'form',
    { className: 'panel', 'aria-labelledby': 'new-venue' },
    h('h2', { id: 'new-venue' }, 'New venue'),
    field('Name', name),
    field('City', city),
    field('Address', address),
    rows,
    more,
    ' ',
    h('button', { type: 'submit', className: 'primary' }, 'Create venue'),
    messages,
  );
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
    category: h(
      'select',
      { name: 'category' },
      CATEGORIES.map((c) => h('option', { value: c }, c)),
    ),
    venue,
    startsAt: h('input', {
      type: 'datetime-local',
      name: 'startsAt',
      required: true,
      value: localInput(new Date(Date.now() + 30 * 86_400_000)),
    }),
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
    ...sections.map((section) =>
      field(
        section,
        h('input', { type: 'number', min: '0', step: '0.01', required: true, value: '50', 'data-section': section, inputmode: 'decimal' }),
      ),
    ),
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
    ...(performers
      ? {
          performers: fields.performers.value
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        }
      : {}),
    prices,
    waitingRoom: { maxActive: Number(fields.maxActive.value), admitPerMinute: Number(fields.admitPerMinute.value) },
  };
}

export function createEventForm(
  session: Session,
  known: Known,
  venue: HTMLSelectElement,
  onCreated: (event: EventDetail) => Promise<void>,
): HTMLElement {
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
      replace(
        messages,
        notice(
          'success',
          `Event “${event.name}” created. `,
          h('a', { href: `/#/event/${encodeURIComponent(event.id)}` }, 'See the fan page'),
        ),
      );
      await onCreated(event);
    } catch (error) {
      replace(messages, notice('error', plain(error)));
    }
  });
  return form;
}

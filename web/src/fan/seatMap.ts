// The seat map of GET /seatmap/{eventId}: the venue's overview on top
// (venueOverview.ts: choosing a section zooms to its seats), then one block
// per section with its price, rows of seats coloured by status (and marked by
// a symbol and a label, not by colour alone). In choosing mode each free seat is a toggle button;
// otherwise the map is a picture with a text summary per section.
import type { SeatMap, SeatStatus } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { money } from '../shared/format.js';
import { venueOverview } from './venueOverview.js';

export interface SeatMapOptions {
  choosing: boolean;
  selected: Set<string>;
  onToggle?: (seatId: string, label: string) => void;
}

export interface SeatMapView {
  element: HTMLElement;
  /** new statuses from the server, applied in place (focus and scroll stay) */
  update(map: SeatMap): void;
  mark(seatIds: string[], status: SeatStatus): void;
  /** redraws the selection marks */
  refreshSelection(): void;
  seatLabel(seatId: string): string | undefined;
}

const STATUS_WORD: Record<SeatStatus, string> = { available: 'available', held: 'on hold', sold: 'sold' };

/** A seat as drawn: its element and what the page last knew of it. */
interface DrawnSeat {
  element: HTMLElement;
  status: SeatStatus;
  label: string;
  section: string;
}

function legendView(choosing: boolean): HTMLElement {
  return h(
    'ul',
    { className: 'legend', 'aria-label': 'Seat colours' },
    h('li', {}, h('span', { className: 'seat available', 'aria-hidden': 'true' }), ' Available'),
    choosing ? h('li', {}, h('span', { className: 'seat available selected', 'aria-hidden': 'true' }), ' Your choice') : null,
    h('li', {}, h('span', { className: 'seat held', 'aria-hidden': 'true' }), ' On hold'),
    h('li', {}, h('span', { className: 'seat sold', 'aria-hidden': 'true' }), ' Sold'),
  );
}

/** One section: its price, its summary line, and its rows of seats (each drawn seat is added to `seats`). */
function sectionView(
  section: SeatMap['sections'][number],
  options: SeatMapOptions,
  seats: Map<string, DrawnSeat>,
  summary: HTMLElement,
): HTMLElement {
  const rows = section.rows.map((row) =>
    h(
      'div',
      { className: 'seat-row', role: 'group', 'aria-label': `${section.name} row ${row.row}` },
      h('span', { className: 'row-label', 'aria-hidden': 'true' }, String(row.row)),
      row.seats.map((seat) => {
        const label = `${section.name}, row ${row.row}, seat ${seat.number}`;
        const element = options.choosing
          ? h(
              'button',
              { type: 'button', className: 'seat', 'data-seat-id': seat.id, onclick: () => options.onToggle?.(seat.id, label) },
              String(seat.number),
            )
          : h('span', { className: 'seat', 'data-seat-id': seat.id, 'aria-hidden': 'true' });
        seats.set(seat.id, { element, status: seat.status, label, section: section.name });
        return element;
      }),
    ),
  );
  return h(
    'section',
    { className: 'seat-section', 'aria-label': `${section.name} section`, 'data-section': section.name },
    h('h3', { tabIndex: -1 }, `${section.name} `, h('span', { className: 'price' }, money(section.price))),
    summary,
    h('div', { className: 'stage-rows' }, rows),
  );
}

/** Colour, mark and spoken label of a seat; a seat the fan chose stays pressable. */
function paintSeat(seat: DrawnSeat, chosen: boolean): void {
  seat.element.className = `seat ${seat.status}${chosen ? ' selected' : ''}`;
  seat.element.setAttribute('data-status', seat.status);
  if (seat.element instanceof HTMLButtonElement) {
    seat.element.disabled = seat.status !== 'available' && !chosen;
    seat.element.setAttribute('aria-pressed', String(chosen));
    seat.element.setAttribute('aria-label', `${seat.label}, ${chosen ? 'chosen by you' : STATUS_WORD[seat.status]}`);
  }
}

/** "12 available, 3 on hold, 5 sold" under each section; the counts for the overview. */
function showSummaries(seats: Map<string, DrawnSeat>, summaries: Map<string, HTMLElement>): Map<string, Record<SeatStatus, number>> {
  const counts = new Map<string, Record<SeatStatus, number>>();
  for (const seat of seats.values()) {
    const count = counts.get(seat.section) ?? { available: 0, held: 0, sold: 0 };
    count[seat.status]++;
    counts.set(seat.section, count);
  }
  for (const [name, summary] of summaries) {
    const c = counts.get(name) ?? { available: 0, held: 0, sold: 0 };
    summary.textContent = `${c.available} available, ${c.held} on hold, ${c.sold} sold`;
  }
  return counts;
}

/** Shows one section's seats (null: all), and puts the focus on its first free seat or its heading. */
function zoomTo(element: HTMLElement, section: string | null): void {
  for (const block of element.querySelectorAll<HTMLElement>('.seat-section')) {
    block.hidden = section !== null && block.dataset.section !== section;
  }
  const all = element.querySelector<HTMLButtonElement>('.zoom-out');
  if (all) all.hidden = section === null;
  if (section === null) return;
  const shown = element.querySelector<HTMLElement>(`.seat-section:not([hidden])`);
  const target = shown?.querySelector<HTMLElement>('button.seat:not([disabled])') ?? shown?.querySelector<HTMLElement>('h3');
  target?.focus();
}

export function seatMapView(map: SeatMap, options: SeatMapOptions): SeatMapView {
  const seats = new Map<string, DrawnSeat>();
  const summaries = new Map<string, HTMLElement>();
  const sections = map.sections.map((section) => {
    const summary = h('p', { className: 'section-summary' });
    summaries.set(section.name, summary);
    return sectionView(section, options, seats, summary);
  });
  let zoomed: string | null = null;
  const zoom = (section: string | null) => {
    zoomTo(element, section);
    overview.zoomed(section);
    // zooming out hides the button that has the focus: it goes back to the section's block
    if (section === null && zoomed !== null)
      element.querySelector<HTMLElement>(`.venue-block[data-section="${CSS.escape(zoomed)}"]`)?.focus();
    zoomed = section;
  };
  const overview = venueOverview(map, zoom);
  const zoomOut = h(
    'button',
    { type: 'button', className: 'secondary zoom-out', hidden: true, onclick: () => zoom(null) },
    'Show all sections',
  );
  const element = h(
    'div',
    { className: 'seat-map', 'data-testid': 'seat-map' },
    overview.element,
    legendView(options.choosing),
    zoomOut,
    sections,
  );

  const paint = (seatId: string): void => {
    const seat = seats.get(seatId);
    if (seat) paintSeat(seat, options.selected.has(seatId));
  };
  const setStatus = (seatId: string, status: SeatStatus, unchoose: boolean): void => {
    const known = seats.get(seatId);
    if (!known) return;
    known.status = status;
    if (unchoose) options.selected.delete(seatId);
    paint(seatId);
  };

  for (const id of seats.keys()) paint(id);
  overview.update(showSummaries(seats, summaries));

  return {
    element,
    update(next: SeatMap) {
      for (const section of next.sections) {
        for (const row of section.rows) {
          for (const seat of row.seats)
            if (seats.get(seat.id)?.status !== seat.status) setStatus(seat.id, seat.status, seat.status !== 'available');
        }
      }
      overview.update(showSummaries(seats, summaries));
    },
    /** what the server just told us (e.g. seats someone else took), until the next seat map says otherwise */
    mark(seatIds: string[], status: SeatStatus) {
      for (const id of seatIds) setStatus(id, status, true);
      overview.update(showSummaries(seats, summaries));
    },
    refreshSelection() {
      for (const id of seats.keys()) paint(id);
    },
    seatLabel: (seatId: string) => seats.get(seatId)?.label,
  };
}

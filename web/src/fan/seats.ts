// Seat choice for an admitted fan: click seats on the map (each is a toggle
// button) or ask for the best N in a section; the turn's countdown runs
// meanwhile. A hold is all or nothing; a seat someone else just took is
// explained in plain words and shown as taken.
import { api, ApiError, type EventDetail, type Hold, type Notification, type QueueTicket, type SeatMap } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { clock, countdown, money } from '../shared/format.js';
import { explain, type FanMessage } from './messages.js';
import { seatMapView, type SeatMapView } from './seatMap.js';
import { store } from './store.js';
import { eventHeader, liveSeatMap, priceTable } from './event.js';
import { follow, poll, type View } from './view.js';

const eventPathOf = (eventId: string): string => `#/event/${encodeURIComponent(eventId)}`;

/** What the screen needs: the fan's turn is on, with its admission token. */
interface Turn {
  event: EventDetail;
  seats: SeatMap;
  ticket: QueueTicket;
  token: string;
}

/** The parts of the screen that change while the fan chooses. */
interface SeatChoice {
  nodes: Node[];
  map: SeatMapView;
  table: HTMLElement;
  selected: Set<string>;
  turn: HTMLElement;
  messages: HTMLElement;
  holdButton: HTMLButtonElement;
  best: BestSeatsForm;
  showChoice(): void;
}

interface BestSeatsForm {
  form: HTMLFormElement;
  section: HTMLSelectElement;
  quantity: HTMLInputElement;
  button: HTMLButtonElement;
}

// ---------- view builders ----------

function choiceText(labels: string[]): string {
  return labels.length ? `Your choice (${labels.length}): ${labels.join('; ')}` : 'No seats chosen yet.';
}

function holdButtonText(count: number): string {
  return count ? `Hold ${count} seat${count === 1 ? '' : 's'}` : 'Hold these seats';
}

function turnText(secondsLeft: number): string {
  return secondsLeft > 0 ? `Time left to choose: ${clock(secondsLeft)}` : 'Your turn has ended.';
}

function loadFailedView(eventId: string, error: unknown): Node[] {
  return [h('h1', {}, 'Choose seats'), notice('error', explain(error).text), h('a', { href: eventPathOf(eventId) }, 'Back to the event')];
}

function bestSeatsForm(event: EventDetail): BestSeatsForm {
  const section = h(
    'select',
    { name: 'section' },
    event.sections.map((s) => h('option', { value: s.name }, `${s.name} — ${money(s.price)}`)),
  );
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', max: '8', value: '2', required: true, inputmode: 'numeric' });
  const button = h('button', { type: 'submit', className: 'primary' }, 'Hold the best seats');
  const form = h(
    'form',
    { className: 'best-form', 'aria-label': 'Best available seats' },
    h('h2', {}, 'Or let us choose'),
    h('p', { className: 'hint' }, 'We hold the best free seats of a section, side by side where we can.'),
    field('Section', section),
    field('How many', quantity),
    button,
  );
  return { form, section, quantity, button };
}

function seatChoiceLayout(
  event: EventDetail,
  parts: { turn: HTMLElement; messages: HTMLElement; side: Node[]; choice: HTMLElement; holdButton: HTMLElement; map: HTMLElement },
): Node[] {
  return [
    eventHeader(event),
    h('h2', {}, 'It is your turn: choose your seats'),
    parts.turn,
    parts.messages,
    h(
      'div',
      { className: 'choose-layout' },
      h('aside', { className: 'choose-side' }, parts.side),
      h(
        'section',
        { className: 'choose-map', 'aria-labelledby': 'pick-heading' },
        h('h2', { id: 'pick-heading' }, 'Pick seats on the map'),
        h('div', { className: 'sticky-choice' }, parts.choice, parts.holdButton),
        parts.map,
      ),
    ),
  ];
}

/** The screen for a turn: its countdown, the best-available form and prices beside the seat map, the seats clicked so far. */
function seatChoiceView(event: EventDetail, seats: SeatMap): SeatChoice {
  const selected = new Set<string>();
  const turn = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'turn-countdown' });
  const messages = h('div', { className: 'messages' });
  const choice = h('p', { 'aria-live': 'polite', 'data-testid': 'selection' }, choiceText([]));
  const holdButton = h('button', { type: 'button', className: 'primary', disabled: true }, holdButtonText(0));
  const showChoice = (): void => {
    const labels = [...selected].map((id) => map.seatLabel(id)).filter((label): label is string => !!label);
    choice.textContent = choiceText(labels);
    holdButton.disabled = labels.length === 0;
    holdButton.textContent = holdButtonText(labels.length);
  };
  const map = seatMapView(seats, {
    choosing: true,
    selected,
    onToggle(seatId) {
      if (selected.has(seatId)) selected.delete(seatId);
      else selected.add(seatId);
      map.refreshSelection();
      showChoice();
    },
  });
  const best = bestSeatsForm(event);
  const table = priceTable(event);
  const nodes = seatChoiceLayout(event, { turn, messages, side: [best.form, table], choice, holdButton, map: map.element });
  return { nodes, map, table, selected, turn, messages, holdButton, best, showChoice };
}

/** A problem in plain words, with the way on: join the queue again, or go to the seats already held. */
function problemNotice(view: View, eventId: string, message: FanMessage): HTMLElement {
  const extra: HTMLElement[] = [];
  if (message.action === 'rejoin') {
    const again = h('button', { type: 'button', className: 'primary' }, 'Join the queue again');
    again.addEventListener('click', () => {
      store.newFanKey(eventId);
      view.navigate(`${eventPathOf(eventId)}/queue`);
    });
    extra.push(again);
  }
  const existing = store.hold(eventId);
  if (message.text.toLowerCase().includes('hold') && existing) {
    extra.push(h('a', { href: `#/hold/${encodeURIComponent(existing)}`, className: 'button-link' }, 'Go to your held seats'));
  }
  return notice('error', message.text, ...extra);
}

function showProblem(view: View, eventId: string, screen: SeatChoice, message: FanMessage): void {
  replace(screen.messages, problemNotice(view, eventId, message));
  screen.messages.scrollIntoView({ block: 'nearest' });
}

// ---------- reading and acting ----------

/** Reads the event, its seat map and the fan's ticket; sends the fan back to the queue unless it is their turn. */
async function loadTurn(view: View, eventId: string): Promise<Turn | undefined> {
  const stored = store.ticket(eventId);
  if (!stored?.token) {
    view.navigate(`${eventPathOf(eventId)}/queue`);
    return undefined;
  }
  replace(view.root, h('p', {}, 'Loading seats…'));
  let event: EventDetail;
  let seats: SeatMap;
  let ticket: QueueTicket;
  try {
    [event, seats, ticket] = await Promise.all([
      api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`),
      api.get<SeatMap>(`/seatmap/${encodeURIComponent(eventId)}`),
      api.get<QueueTicket>(`/queue/${encodeURIComponent(stored.ticketId)}`),
    ]);
  } catch (error) {
    if (view.current()) replace(view.root, ...loadFailedView(eventId, error));
    return undefined;
  }
  if (!view.current()) return undefined;
  if (ticket.state !== 'admitted' || !ticket.token) {
    view.navigate(`${eventPathOf(eventId)}/queue`);
    return undefined;
  }
  store.setTicket(eventId, { ticketId: ticket.ticketId, token: ticket.token, tokenExpiresAt: ticket.tokenExpiresAt });
  return { event, seats, ticket, token: ticket.token };
}

/** Why a hold failed; seats someone else just took are marked taken on the map first. */
function holdFailure(error: unknown, screen: SeatChoice): FanMessage {
  if (!(error instanceof ApiError && error.code === 'seats_unavailable')) return explain(error, 'hold');
  const conflicts = Array.isArray(error.body.conflicts) ? (error.body.conflicts as string[]) : [];
  const names = conflicts.map((id) => screen.map.seatLabel(id)).filter(Boolean);
  screen.map.mark(conflicts, 'held');
  screen.map.refreshSelection();
  screen.showChoice();
  return {
    text: names.length
      ? `Sorry — someone else just took ${names.join('; ')}. It is now marked as taken; please choose other seats.`
      : explain(error, 'hold').text,
  };
}

async function holdSeats(view: View, eventId: string, token: string, screen: SeatChoice, body: unknown): Promise<void> {
  const buttons = [screen.holdButton, screen.best.button];
  replace(screen.messages);
  for (const b of buttons) b.disabled = true;
  try {
    const held = await api.post<Hold>('/holds/', body, { 'Admission-Token': token });
    store.setHold(eventId, held.holdId);
    view.navigate(`#/hold/${encodeURIComponent(held.holdId)}`);
  } catch (error) {
    if (!view.current()) return;
    for (const b of buttons) b.disabled = false;
    screen.showChoice();
    showProblem(view, eventId, screen, holdFailure(error, screen));
  }
}

/**
 * Watches the turn: its countdown, and its early end (the slot was idle too
 * long, or the organizer's gate revoked it) heard live or on a re-read.
 */
function watchTurn(view: View, ticket: QueueTicket, turn: HTMLElement, endTurn: () => void): void {
  if (ticket.tokenExpiresAt) {
    const stop = countdown(ticket.tokenExpiresAt, (left) => {
      turn.textContent = turnText(left);
      if (left <= 0) endTurn();
    });
    view.onLeave(stop);
  }
  const rereadTurn = async () => {
    try {
      const current = await api.get<QueueTicket>(`/queue/${encodeURIComponent(ticket.ticketId)}`);
      if (current.state !== 'admitted') endTurn();
    } catch {
      // the next hold attempt says what is wrong
    }
  };
  const turnSub = follow(view, `notifications/${ticket.ticketId}`, {
    message(raw) {
      const type = (raw as Notification).type;
      if (type === 'expired' || type === 'done' || type === 'cancelled') endTurn();
    },
    resync: () => void rereadTurn(),
  });
  // reading the ticket is also the sign of life that keeps the checkout slot while the fan chooses (checkoutIdleSeconds)
  poll(view, turnSub, 30_000, 30_000, () => {
    if (document.visibilityState === 'visible') void rereadTurn();
  });
}

export async function seatsScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  const loaded = await loadTurn(view, eventId);
  if (!loaded) return;
  const { event, seats, ticket, token } = loaded;
  const screen = seatChoiceView(event, seats);
  replace(view.root, ...screen.nodes);
  liveSeatMap(view, eventId, screen.map, screen.table, screen.showChoice);

  let turnOver = false;
  watchTurn(view, ticket, screen.turn, () => {
    if (turnOver || !view.current()) return;
    turnOver = true;
    store.setTicket(eventId, undefined);
    showProblem(view, eventId, screen, { text: 'Your turn to buy has ended. Join the queue again to get a new turn.', action: 'rejoin' });
  });

  const { best, holdButton, selected } = screen;
  holdButton.addEventListener('click', () => void holdSeats(view, eventId, token, screen, { seatIds: [...selected] }));
  best.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void holdSeats(view, eventId, token, screen, { section: best.section.value, quantity: Number(best.quantity.value) });
  });
}

// Seat choice for an admitted fan: click seats on the map (each is a toggle
// button) or ask for the best N in a section; the turn's countdown runs
// meanwhile. A hold is all or nothing; a seat someone else just took is
// explained in plain words and shown as taken.
import { api, ApiError, type EventDetail, type Hold, type Notification, type QueueTicket, type SeatMap } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { clock, countdown, money } from '../shared/format.js';
import { explain, type FanMessage } from './messages.js';
import { seatMapView } from './seatMap.js';
import { store } from './store.js';
import { eventHeader, liveSeatMap, priceTable } from './event.js';
import { follow, poll, type View } from './view.js';

export async function seatsScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  const eventPath = `#/event/${encodeURIComponent(eventId)}`;
  const stored = store.ticket(eventId);
  if (!stored?.token) {
    view.navigate(`${eventPath}/queue`);
    return;
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
    if (view.current()) replace(view.root, h('h1', {}, 'Choose seats'), notice('error', explain(error).text), h('a', { href: eventPath }, 'Back to the event'));
    return;
  }
  if (!view.current()) return;
  if (ticket.state !== 'admitted' || !ticket.token) {
    view.navigate(`${eventPath}/queue`);
    return;
  }
  const token = ticket.token;
  store.setTicket(eventId, { ticketId: ticket.ticketId, token, tokenExpiresAt: ticket.tokenExpiresAt });

  const selected = new Set<string>();
  const messages = h('div', { className: 'messages' });
  const turn = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'turn-countdown' });
  const choice = h('p', { 'aria-live': 'polite', 'data-testid': 'selection' }, 'No seats chosen yet.');
  const holdButton = h('button', { type: 'button', className: 'primary', disabled: true }, 'Hold these seats');
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

  function showChoice(): void {
    const labels = [...selected].map((id) => map.seatLabel(id)).filter(Boolean);
    choice.textContent = labels.length ? `Your choice (${labels.length}): ${labels.join('; ')}` : 'No seats chosen yet.';
    holdButton.disabled = labels.length === 0;
    holdButton.textContent = labels.length ? `Hold ${labels.length} seat${labels.length === 1 ? '' : 's'}` : 'Hold these seats';
  }

  const section = h('select', { name: 'section' }, event.sections.map((s) => h('option', { value: s.name }, `${s.name} — ${money(s.price)}`)));
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', max: '8', value: '2', required: true, inputmode: 'numeric' });
  const bestButton = h('button', { type: 'submit', className: 'primary' }, 'Hold the best seats');
  const best = h('form', { className: 'best-form', 'aria-label': 'Best available seats' }, h('h2', {}, 'Or let us choose'), h('p', { className: 'hint' }, 'We hold the best free seats of a section, side by side where we can.'), field('Section', section), field('How many', quantity), bestButton);

  const table = priceTable(event);
  replace(
    view.root,
    eventHeader(event),
    h('h2', {}, 'It is your turn: choose your seats'),
    turn,
    messages,
    h(
      'div',
      { className: 'choose-layout' },
      h('aside', { className: 'choose-side' }, best, table),
      h('section', { className: 'choose-map', 'aria-labelledby': 'pick-heading' }, h('h2', { id: 'pick-heading' }, 'Pick seats on the map'), h('div', { className: 'sticky-choice' }, choice, holdButton), map.element),
    ),
  );
  liveSeatMap(view, eventId, map, table, showChoice);

  function showProblem(message: FanMessage): void {
    const extra: HTMLElement[] = [];
    if (message.action === 'rejoin') {
      const again = h('button', { type: 'button', className: 'primary' }, 'Join the queue again');
      again.addEventListener('click', () => {
        store.newFanKey(eventId);
        view.navigate(`${eventPath}/queue`);
      });
      extra.push(again);
    }
    const existing = store.hold(eventId);
    if (message.text.toLowerCase().includes('hold') && existing) {
      extra.push(h('a', { href: `#/hold/${encodeURIComponent(existing)}`, className: 'button-link' }, 'Go to your held seats'));
    }
    replace(messages, notice('error', message.text, ...extra));
    messages.scrollIntoView({ block: 'nearest' });
  }

  async function hold(body: unknown, buttons: HTMLButtonElement[]): Promise<void> {
    replace(messages);
    for (const b of buttons) b.disabled = true;
    try {
      const held = await api.post<Hold>('/holds/', body, { 'Admission-Token': token });
      store.setHold(eventId, held.holdId);
      view.navigate(`#/hold/${encodeURIComponent(held.holdId)}`);
    } catch (error) {
      if (!view.current()) return;
      for (const b of buttons) b.disabled = false;
      showChoice();
      if (error instanceof ApiError && error.code === 'seats_unavailable') {
        const conflicts = Array.isArray(error.body.conflicts) ? (error.body.conflicts as string[]) : [];
        const names = conflicts.map((id) => map.seatLabel(id)).filter(Boolean);
        map.mark(conflicts, 'held');
        map.refreshSelection();
        showChoice();
        showProblem({
          text: names.length
            ? `Sorry — someone else just took ${names.join('; ')}. It is now marked as taken; please choose other seats.`
            : explain(error, 'hold').text,
        });
        return;
      }
      showProblem(explain(error, 'hold'));
    }
  }

  // the turn can also end early (the slot was idle too long, or the organizer's gate revoked it): hear it live
  let turnOver = false;
  const endTurn = () => {
    if (turnOver || !view.current()) return;
    turnOver = true;
    store.setTicket(eventId, undefined);
    showProblem({ text: 'Your turn to buy has ended. Join the queue again to get a new turn.', action: 'rejoin' });
  };
  if (ticket.tokenExpiresAt) {
    const stop = countdown(ticket.tokenExpiresAt, (left) => {
      turn.textContent = left > 0 ? `Time left to choose: ${clock(left)}` : 'Your turn has ended.';
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
      if (type === 'expired' || type === 'done') endTurn();
    },
    resync: () => void rereadTurn(),
  });
  // reading the ticket is also the sign of life that keeps the checkout slot while the fan chooses (checkoutIdleSeconds)
  poll(view, turnSub, 30_000, 30_000, () => {
    if (document.visibilityState === 'visible') void rereadTurn();
  });

  holdButton.addEventListener('click', () => void hold({ seatIds: [...selected] }, [holdButton, bestButton]));
  best.addEventListener('submit', (e) => {
    e.preventDefault();
    void hold({ section: section.value, quantity: Number(quantity.value) }, [holdButton, bestButton]);
  });
}

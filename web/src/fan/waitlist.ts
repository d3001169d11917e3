// A waitlisted fan's page: the place on the waitlist, and the offer arriving
// live from `notifications/{waitlistId}` — seats held for this fan, with
// their own countdown, bought through the usual checkout.
import { api, type EventDetail, type Notification, type Offer, type WaitlistEntry } from '../shared/api.js';
import { h, notice, replace } from '../shared/dom.js';
import { clock, countdown, money } from '../shared/format.js';
import { explain } from './messages.js';
import { store } from './store.js';
import { eventHeader } from './event.js';
import { seatList } from './hold.js';
import { follow, poll, type View } from './view.js';

/** The parts of the page that change while the fan waits for an offer. */
interface WaitlistPage {
  nodes: Node[];
  place: HTMLElement;
  offerBox: HTMLElement;
  messages: HTMLElement;
  leave: HTMLButtonElement;
}

const eventPathOf = (eventId: string): string => `#/event/${encodeURIComponent(eventId)}`;

// ---------- view builders ----------

function loadFailedView(eventId: string, error: unknown): Node[] {
  return [h('h1', {}, 'Waitlist'), notice('error', explain(error).text), h('a', { href: eventPathOf(eventId) }, 'Back to the event')];
}

function waitlistPage(event: EventDetail, entry: WaitlistEntry): WaitlistPage {
  const place = h('p', { className: 'big-number', 'data-testid': 'waitlist-position' });
  const offerBox = h('div', { 'aria-live': 'assertive', 'data-testid': 'offer' });
  const leave = h('button', { type: 'button', className: 'secondary' }, 'Leave the waitlist');
  const messages = h('div', {});
  const wanted = `${entry.quantity} seat${entry.quantity === 1 ? '' : 's'}${entry.section ? ` in ${entry.section}` : ''}`;
  const nodes = [
    eventHeader(event),
    h('h2', {}, 'You are on the waitlist'),
    h('p', {}, `For ${wanted}. Keep this page open: when seats open up they are held for you and appear here.`),
    place,
    offerBox,
    messages,
    leave,
  ];
  return { nodes, place, offerBox, messages, leave };
}

const placeText = (position: number | null | undefined): string =>
  position ? `You are number ${position} on the waitlist` : 'You are on the waitlist';

const offerTimerText = (secondsLeft: number): string =>
  secondsLeft > 0 ? `Offer held for you for ${clock(secondsLeft)}` : 'This offer has run out.';

/** The seats offered and the way to buy them; `timer` is the offer's countdown, filled by the caller. */
function offerView(offer: Offer, timer: HTMLElement): Node[] {
  return [
    notice('success', h('strong', {}, 'Seats for you! '), 'These seats are held for you — buy them before the time runs out.'),
    timer,
    seatList(offer.seats),
    h('p', { className: 'total' }, `Total: ${money(offer.total)}`),
    h(
      'a',
      { href: `#/hold/${encodeURIComponent(offer.holdId)}`, className: 'button-link primary', 'data-testid': 'buy-offer' },
      'Buy these seats',
    ),
  ];
}

const lapsedNotice = (): HTMLElement =>
  notice(
    'info',
    'The seats offered to you were not bought in time and went to the next fan. You can join the waitlist again from the event page.',
  );

// ---------- showing the entry ----------

/** What the page shows of the entry: the place, an offer with its countdown, or a lapsed offer. */
interface WaitlistShow {
  place(position: number | null | undefined): void;
  offer(offer: Offer): void;
  lapsed(): void;
  entry(current: WaitlistEntry): void;
}

function waitlistShow(view: View, eventId: string, page: WaitlistPage): WaitlistShow {
  let stopOffer: (() => void) | undefined;
  view.onLeave(() => stopOffer?.());
  const show: WaitlistShow = {
    place(position) {
      page.place.textContent = placeText(position);
    },
    offer(offer) {
      stopOffer?.();
      const timer = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'offer-countdown' });
      replace(page.offerBox, ...offerView(offer, timer));
      stopOffer = countdown(offer.expiresAt, (left) => {
        timer.textContent = offerTimerText(left);
      });
      page.place.textContent = '';
      store.setHold(eventId, offer.holdId);
    },
    lapsed() {
      stopOffer?.();
      page.place.textContent = '';
      replace(page.offerBox, lapsedNotice());
      store.setWaitlist(eventId, undefined);
    },
    entry(current) {
      if (current.offer && (current.offer.status === undefined || current.offer.status === 'active')) show.offer(current.offer);
      else if (current.state === 'lapsed') show.lapsed();
      else show.place(current.position);
    },
  };
  return show;
}

// ---------- reading and following ----------

async function loadEntry(
  view: View,
  eventId: string,
  waitlistId: string,
): Promise<{ event: EventDetail; entry: WaitlistEntry } | undefined> {
  try {
    const [event, entry] = await Promise.all([
      api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`),
      api.get<WaitlistEntry>(`/waitlist/${encodeURIComponent(waitlistId)}`),
    ]);
    return { event, entry };
  } catch (error) {
    if (!view.current()) return undefined;
    replace(view.root, ...loadFailedView(eventId, error));
    store.setWaitlist(eventId, undefined);
    return undefined;
  }
}

/** Keeps the entry current: live from `notifications/{waitlistId}`, re-read on every (re)connection and by the safety poll. */
function followEntry(view: View, waitlistId: string, messages: HTMLElement, show: WaitlistShow): void {
  const reread = async (): Promise<void> => {
    try {
      const current = await api.get<WaitlistEntry>(`/waitlist/${encodeURIComponent(waitlistId)}`);
      if (view.current()) show.entry(current);
    } catch (error) {
      if (view.current()) replace(messages, notice('error', explain(error).text));
    }
  };
  const sub = follow(view, `notifications/${waitlistId}`, {
    message(raw) {
      const message = raw as Notification;
      if (message.type === 'position') show.place(message.position);
      else if (message.type === 'offer') show.offer(message);
      else if (message.type === 'expired') show.lapsed();
    },
    resync: () => void reread(),
  });
  poll(view, sub, 3000, 20_000, () => void reread());
}

export async function waitlistScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  const waitlistId = store.waitlist(eventId);
  if (!waitlistId) {
    view.navigate(eventPathOf(eventId));
    return;
  }
  const loaded = await loadEntry(view, eventId, waitlistId);
  if (!loaded || !view.current()) return;
  const page = waitlistPage(loaded.event, loaded.entry);
  replace(view.root, ...page.nodes);
  const show = waitlistShow(view, eventId, page);
  page.leave.addEventListener('click', async () => {
    try {
      await api.delete(`/waitlist/${encodeURIComponent(waitlistId)}`);
      store.setWaitlist(eventId, undefined);
      view.navigate(eventPathOf(eventId));
    } catch (error) {
      replace(page.messages, notice('error', explain(error).text));
    }
  });
  show.entry(loaded.entry);
  followEntry(view, waitlistId, page.messages, show);
}

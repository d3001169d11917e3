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

export async function waitlistScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  const eventPath = `#/event/${encodeURIComponent(eventId)}`;
  const waitlistId = store.waitlist(eventId);
  if (!waitlistId) {
    view.navigate(eventPath);
    return;
  }
  let event: EventDetail;
  let entry: WaitlistEntry;
  try {
    [event, entry] = await Promise.all([
      api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`),
      api.get<WaitlistEntry>(`/waitlist/${encodeURIComponent(waitlistId)}`),
    ]);
  } catch (error) {
    if (!view.current()) return;
    replace(view.root, h('h1', {}, 'Waitlist'), notice('error', explain(error).text), h('a', { href: eventPath }, 'Back to the event'));
    store.setWaitlist(eventId, undefined);
    return;
  }
  if (!view.current()) return;

  const place = h('p', { className: 'big-number', 'data-testid': 'waitlist-position' });
  const offerBox = h('div', { 'aria-live': 'assertive', 'data-testid': 'offer' });
  const leave = h('button', { type: 'button', className: 'secondary' }, 'Leave the waitlist');
  const messages = h('div', {});
  replace(
    view.root,
    eventHeader(event),
    h('h2', {}, 'You are on the waitlist'),
    h('p', {}, `For ${entry.quantity} seat${entry.quantity === 1 ? '' : 's'}${entry.section ? ` in ${entry.section}` : ''}. Keep this page open: when seats open up they are held for you and appear here.`),
    place,
    offerBox,
    messages,
    leave,
  );
  let stopOffer: (() => void) | undefined;
  view.onLeave(() => stopOffer?.());

  function showPlace(position: number | null | undefined): void {
    place.textContent = position ? `You are number ${position} on the waitlist` : 'You are on the waitlist';
  }

  function showOffer(offer: Offer): void {
    stopOffer?.();
    const timer = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'offer-countdown' });
    replace(
      offerBox,
      notice('success', h('strong', {}, 'Seats for you! '), 'These seats are held for you — buy them before the time runs out.'),
      timer,
      seatList(offer.seats),
      h('p', { className: 'total' }, `Total: ${money(offer.total)}`),
      h('a', { href: `#/hold/${encodeURIComponent(offer.holdId)}`, className: 'button-link primary', 'data-testid': 'buy-offer' }, 'Buy these seats'),
    );
    stopOffer = countdown(offer.expiresAt, (left) => {
      timer.textContent = left > 0 ? `Offer held for you for ${clock(left)}` : 'This offer has run out.';
    });
    place.textContent = '';
    store.setHold(eventId, offer.holdId);
  }

  function show(current: WaitlistEntry): void {
    if (current.offer && (current.offer.status === undefined || current.offer.status === 'active')) showOffer(current.offer);
    else if (current.state === 'lapsed') showLapsed();
    else showPlace(current.position);
  }

  function showLapsed(): void {
    stopOffer?.();
    place.textContent = '';
    replace(offerBox, notice('info', 'The seats offered to you were not bought in time and went to the next fan. You can join the waitlist again from the event page.'));
    store.setWaitlist(eventId, undefined);
  }

  async function reread(): Promise<void> {
    try {
      const current = await api.get<WaitlistEntry>(`/waitlist/${encodeURIComponent(waitlistId!)}`);
      if (view.current()) show(current);
    } catch (error) {
      if (view.current()) replace(messages, notice('error', explain(error).text));
    }
  }

  leave.addEventListener('click', async () => {
    try {
      await api.delete(`/waitlist/${encodeURIComponent(waitlistId)}`);
      store.setWaitlist(eventId, undefined);
      view.navigate(eventPath);
    } catch (error) {
      replace(messages, notice('error', explain(error).text));
    }
  });

  show(entry);
  const sub = follow(view, `notifications/${waitlistId}`, {
    message(raw) {
      const message = raw as Notification;
      if (message.type === 'position') showPlace(message.position);
      else if (message.type === 'offer') showOffer(message);
      else if (message.type === 'expired') showLapsed();
    },
    resync: () => void reread(),
  });
  poll(view, sub, 3000, 20_000, () => void reread());
}

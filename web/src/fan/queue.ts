// The visible queue: the fan's place, people ahead and the wait, or the
// countdown of the pre-queue before the sale, updated live from
// `notifications/{ticketId}`; when the fan is admitted the page moves on to
// seat choice by itself.
import { api, type EventDetail, type Notification, type QueueTicket } from '../shared/api.js';
import { h, notice, replace } from '../shared/dom.js';
import { clock, countdown, roughly } from '../shared/format.js';
import { explain } from './messages.js';
import { store } from './store.js';
import { eventHeader, waitlistForm } from './event.js';
import { follow, poll, type View } from './view.js';

export async function queueScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  const eventPath = `#/event/${encodeURIComponent(eventId)}`;
  replace(view.root, h('h1', {}, 'Joining the queue…'));

  let event: EventDetail;
  let ticket: QueueTicket;
  try {
    event = await api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
    // the same fanKey always gets the same ticket back: a reload keeps the place
    ticket = await api.post<QueueTicket>('/queue/', { eventId, fanKey: store.fanKey(eventId) });
  } catch (error) {
    if (!view.current()) return;
    const message = explain(error, 'join');
    const messages = h('div', {});
    replace(view.root, h('h1', {}, 'Get tickets'), notice('error', message.text), messages, h('p', {}, h('a', { href: eventPath }, 'Back to the event')));
    if (message.action === 'waitlist') {
      try {
        const detail = await api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
        if (view.current()) view.root.insertBefore(waitlistForm(view, detail, messages), messages);
      } catch {
        // the link back to the event is there
      }
    }
    return;
  }
  if (!view.current()) return;

  const place = h('p', { className: 'big-number', 'data-testid': 'queue-position' });
  const ahead = h('p', { 'data-testid': 'queue-ahead' });
  const eta = h('p', { 'data-testid': 'queue-eta' });
  const opens = h('p', { 'data-testid': 'queue-opens' });
  const status = h('div', { role: 'status', 'aria-live': 'polite', className: 'queue-status' }, place, ahead, eta, opens);
  const messages = h('div', {});
  const leave = h('button', { type: 'button', className: 'secondary' }, 'Leave the queue');
  replace(
    view.root,
    eventHeader(event),
    h('h2', {}, 'Your place in line'),
    h('p', { className: 'hint' }, 'Keep this page open — it updates by itself and moves on when it is your turn. You keep your place if you reload.'),
    status,
    messages,
    leave,
  );

  let stopOpens: (() => void) | undefined;
  view.onLeave(() => stopOpens?.());

  function show(next: Partial<QueueTicket> & { state: QueueTicket['state'] }): void {
    if (!view.current()) return;
    if (next.state === 'admitted' && next.token) {
      store.setTicket(eventId, { ticketId: ticket.ticketId, token: next.token, tokenExpiresAt: next.tokenExpiresAt });
      view.navigate(`${eventPath}/seats`);
      return;
    }
    if (next.state === 'done' || next.state === 'expired') {
      store.setTicket(eventId, undefined);
      replace(status);
      const again = h('button', { type: 'button', className: 'primary' }, 'Join the queue again');
      again.addEventListener('click', () => {
        store.newFanKey(eventId);
        view.navigate(`${eventPath}/queue?again=${Date.now()}`);
      });
      replace(
        messages,
        notice('info', next.state === 'expired' ? 'Your turn to buy ran out before you finished. You can join the queue again.' : 'You have finished with this place in line (you bought or left).'),
        again,
      );
      leave.hidden = true;
      return;
    }
    store.setTicket(eventId, { ticketId: ticket.ticketId });
    if (next.opensAt && (next.position === null || next.position === undefined)) {
      // pre-queue: places are drawn when the sale opens
      place.textContent = 'You are in the waiting room';
      ahead.textContent = 'Everyone who joins before the sale gets a random place when it opens — arriving early gives no advantage, and joining any time before does not hurt.';
      eta.textContent = '';
      stopOpens?.();
      stopOpens = countdown(next.opensAt, (left) => {
        opens.textContent = left > 0 ? `Places are drawn in ${clock(left)}` : 'Drawing places…';
      });
      return;
    }
    stopOpens?.();
    opens.textContent = '';
    place.textContent = next.position ? `You are number ${next.position} in line` : 'You are in line';
    ahead.textContent = next.ahead === 0 ? 'Nobody is ahead of you — you are next.' : next.ahead != null ? `${next.ahead} ${next.ahead === 1 ? 'person' : 'people'} ahead of you` : '';
    eta.textContent = next.ahead === 0 ? '' : `Estimated wait: ${roughly(next.etaSeconds)}`;
  }

  async function reread(): Promise<void> {
    try {
      const fresh = await api.get<QueueTicket>(`/queue/${encodeURIComponent(ticket.ticketId)}`);
      ticket = fresh;
      show(fresh);
    } catch (error) {
      if (view.current()) replace(messages, notice('error', explain(error).text));
    }
  }

  leave.addEventListener('click', async () => {
    try {
      await api.delete(`/queue/${encodeURIComponent(ticket.ticketId)}`);
      store.newFanKey(eventId);
      view.navigate(eventPath);
    } catch (error) {
      replace(messages, notice('error', explain(error).text));
    }
  });

  show(ticket);
  if (!view.current()) return;
  const sub = follow(view, `notifications/${ticket.ticketId}`, {
    message(raw) {
      const message = raw as Notification;
      if (message.type === 'position') show({ ...ticket, state: 'waiting', position: message.position, ahead: message.ahead, etaSeconds: message.etaSeconds, opensAt: message.opensAt });
      else if (message.type === 'admitted') show({ state: 'admitted', token: message.token, tokenExpiresAt: message.tokenExpiresAt });
      else if (message.type === 'expired') show({ state: 'expired' });
      else if (message.type === 'done') show({ state: 'done' });
    },
    resync: () => void reread(),
  });
  poll(view, sub, 2000, 15_000, () => void reread());
}

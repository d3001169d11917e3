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
import { takeSolution } from './challenge.js';
import { progressBar, waitRange, type Progress } from './queueProgress.js';
import { commitmentNotice, drawnFairlyNotice } from './drawNotice.js';

/** The ticket as last read or told: a notification carries only what changed. */
type TicketState = Partial<QueueTicket> & { state: QueueTicket['state'] };

/** The parts of the screen that change while the fan waits. */
interface QueuePage {
  nodes: Node[];
  status: HTMLElement;
  place: HTMLElement;
  ahead: HTMLElement;
  eta: HTMLElement;
  opens: HTMLElement;
  messages: HTMLElement;
  leave: HTMLButtonElement;
  progress: Progress;
  /** the draw's commitment before it, "drawn fairly" after */
  draw: HTMLElement;
}

const eventPathOf = (eventId: string): string => `#/event/${encodeURIComponent(eventId)}`;

// ---------- view builders ----------

function queuePage(event: EventDetail): QueuePage {
  const place = h('p', { className: 'big-number', 'data-testid': 'queue-position' });
  const ahead = h('p', { 'data-testid': 'queue-ahead' });
  const eta = h('p', { 'data-testid': 'queue-eta' });
  const opens = h('p', { 'data-testid': 'queue-opens' });
  const progress = progressBar();
  const status = h('div', { role: 'status', 'aria-live': 'polite', className: 'queue-status' }, place, ahead, eta, opens, progress.element);
  const messages = h('div', {});
  const draw = h('div', {});
  const leave = h('button', { type: 'button', className: 'secondary' }, 'Leave the queue');
  const nodes = [
    eventHeader(event),
    h('h2', {}, 'Your place in line'),
    h(
      'p',
      { className: 'hint' },
      'Keep this page open — it updates by itself and moves on when it is your turn. You keep your place if you reload.',
    ),
    status,
    draw,
    messages,
    leave,
  ];
  return { nodes, status, place, ahead, eta, opens, messages, leave, progress, draw };
}

function joinFailedView(eventId: string, text: string, messages: HTMLElement): Node[] {
  return [
    h('h1', {}, 'Get tickets'),
    notice('error', text),
    messages,
    h('p', {}, h('a', { href: eventPathOf(eventId) }, 'Back to the event')),
  ];
}

/** The end of a place in line (bought, left, or the turn ran out), with the way back in. */
function finishedView(state: 'done' | 'expired' | 'cancelled' | 'sold_out', onAgain: () => void): Node[] {
  if (state === 'sold_out')
    return [
      notice(
        'info',
        h('strong', {}, 'Sold out. '),
        'Every seat was sold while you waited, so there is nothing left to queue for. Join the waitlist below: ' +
          'you get an offer the moment a seat opens.',
      ),
    ];
  if (state === 'cancelled') return [notice('info', 'This event has been cancelled: nobody can buy tickets for it any more.')];
  const again = h('button', { type: 'button', className: 'primary' }, 'Join the queue again');
  again.addEventListener('click', onAgain);
  const text =
    state === 'expired'
      ? 'Your turn to buy ran out before you finished. You can join the queue again.'
      : 'You have finished with this place in line (you bought or left).';
  return [notice('info', text), again];
}

const PRE_QUEUE_TEXT = {
  place: 'You are in the waiting room',
  ahead:
    'Everyone who joins before the sale gets a random place when it opens — ' +
    'arriving early gives no advantage, and joining any time before does not hurt.',
  eta: '',
};

const opensText = (secondsLeft: number): string => (secondsLeft > 0 ? `Places are drawn in ${clock(secondsLeft)}` : 'Drawing places…');

/** seconds of measured wait under which the fan is told they are next: a pass admits several at once */
const NEXT_WITHIN_S = 15;

/** Nobody ahead, or a measured wait of seconds: the moment just before the turn. */
const isNext = (next: TicketState): boolean => next.ahead === 0 || (next.etaRange != null && next.etaRange[1] <= NEXT_WITHIN_S);

/** The place in line, people ahead and the wait, in words. */
function lineText(next: TicketState): { place: string; ahead: string; eta: string } {
  const { position, ahead } = next;
  const people = ahead === 0 ? 'Nobody is ahead of you' : ahead != null ? `${ahead} ${ahead === 1 ? 'person' : 'people'} ahead of you` : '';
  return {
    place: position ? `You are number ${position} in line` : 'You are in line',
    ahead: isNext(next) ? `You’re next! ${people}: your turn to choose seats starts in a moment.` : people,
    eta: isNext(next) ? '' : `Estimated wait: ${next.etaRange ? waitRange(next.etaRange) : roughly(next.etaSeconds)}`,
  };
}

/** What a notification says about the ticket, or nothing if it says nothing about it. */
function ticketFromNotification(message: Notification, ticket: QueueTicket): TicketState | undefined {
  if (message.type === 'position')
    return {
      ...ticket,
      state: 'waiting',
      position: message.position,
      ahead: message.ahead,
      etaSeconds: message.etaSeconds,
      etaRange: message.etaRange ?? null,
      opensAt: message.opensAt,
      drawn: message.drawn,
    };
  if (message.type === 'admitted') return { state: 'admitted', token: message.token, tokenExpiresAt: message.tokenExpiresAt };
  if (message.type === 'expired') return { state: 'expired' };
  if (message.type === 'done') return { state: 'done' };
  if (message.type === 'cancelled') return { state: 'cancelled' };
  if (message.type === 'sold_out') return { state: 'sold_out' };
  return undefined;
}

// ---------- showing a ticket ----------

/** Returns the function that shows a ticket's state: the place in line, the pre-queue countdown, the end, or on to seat choice. */
function ticketPresenter(view: View, eventId: string, ticketId: string, page: QueuePage): (next: TicketState) => void {
  let stopOpens: (() => void) | undefined;
  view.onLeave(() => stopOpens?.());
  return (next) => {
    if (!view.current()) return;
    if (next.state === 'admitted' && next.token) {
      store.setTicket(eventId, { ticketId, token: next.token, tokenExpiresAt: next.tokenExpiresAt });
      view.navigate(`${eventPathOf(eventId)}/seats`);
      return;
    }
    if (next.state === 'done' || next.state === 'expired' || next.state === 'cancelled' || next.state === 'sold_out') {
      store.setTicket(eventId, undefined);
      replace(page.status);
      replace(
        page.messages,
        ...finishedView(next.state, () => {
          store.newFanKey(eventId);
          view.navigate(`${eventPathOf(eventId)}/queue?again=${Date.now()}`);
        }),
      );
      page.leave.hidden = true;
      if (next.state === 'sold_out') void offerWaitlist(view, eventId, page.messages);
      return;
    }
    store.setTicket(eventId, { ticketId });
    stopOpens?.();
    // pre-queue: places are drawn when the sale opens
    const opensAt = next.position === null || next.position === undefined ? next.opensAt : undefined;
    if (!opensAt) page.opens.textContent = '';
    const text = opensAt ? PRE_QUEUE_TEXT : lineText(next);
    page.place.textContent = text.place;
    page.ahead.textContent = text.ahead;
    page.eta.textContent = text.eta;
    page.status.classList.toggle('next', !opensAt && isNext(next));
    if (opensAt) page.progress.hide();
    else page.progress.show(ticketId, next.ahead);
    showDraw(page, eventId, ticketId, opensAt ? 'before' : next.drawn ? 'drawn' : undefined);
    if (opensAt) {
      stopOpens = countdown(opensAt, (left) => {
        page.opens.textContent = opensText(left);
      });
    }
  };
}

/** The draw's commitment in the pre-queue, "drawn fairly" once the fan's place was drawn; each shown once. */
function showDraw(page: QueuePage, eventId: string, ticketId: string, stage: 'before' | 'drawn' | undefined): void {
  if (!stage || page.draw.dataset.stage === stage) return;
  page.draw.dataset.stage = stage;
  const made = stage === 'before' ? commitmentNotice(eventId) : drawnFairlyNotice(eventId, ticketId);
  void made.then((node) => {
    if (node && page.draw.dataset.stage === stage) replace(page.draw, node);
  });
}

/** After a sell-out: the waitlist form under the message. */
async function offerWaitlist(view: View, eventId: string, messages: HTMLElement): Promise<void> {
  try {
    const detail = await api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
    const answers = h('div', {});
    if (view.current()) messages.append(waitlistForm(view, detail, answers), answers);
  } catch {
    // the event page offers it too
  }
}

// ---------- joining and following ----------

/** Shows why joining failed; a sold-out event offers its waitlist below. */
async function showJoinFailed(view: View, eventId: string, error: unknown): Promise<void> {
  const message = explain(error, 'join');
  const messages = h('div', {});
  replace(view.root, ...joinFailedView(eventId, message.text, messages));
  if (message.action !== 'waitlist') return;
  try {
    const detail = await api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
    if (view.current()) view.root.insertBefore(waitlistForm(view, detail, messages), messages);
  } catch {
    // the link back to the event is there
  }
}

async function joinQueue(view: View, eventId: string): Promise<{ event: EventDetail; ticket: QueueTicket } | undefined> {
  try {
    const event = await api.get<EventDetail>(`/events/${encodeURIComponent(eventId)}`);
    const challenge = await takeSolution(event);
    // the same fanKey always gets the same ticket back: a reload keeps the place
    const ticket = await api.post<QueueTicket>('/queue/', { eventId, fanKey: store.fanKey(eventId), ...(challenge ? { challenge } : {}) });
    return { event, ticket };
  } catch (error) {
    if (view.current()) await showJoinFailed(view, eventId, error);
    return undefined;
  }
}

/** Keeps the ticket current: live from `notifications/{ticketId}`, re-read on every (re)connection and by the safety poll. */
function followTicket(view: View, first: QueueTicket, messages: HTMLElement, show: (next: TicketState) => void): void {
  let ticket = first;
  const reread = async (): Promise<void> => {
    try {
      ticket = await api.get<QueueTicket>(`/queue/${encodeURIComponent(ticket.ticketId)}`);
      show(ticket);
    } catch (error) {
      if (view.current()) replace(messages, notice('error', explain(error).text));
    }
  };
  const sub = follow(view, `notifications/${ticket.ticketId}`, {
    message(raw) {
      const next = ticketFromNotification(raw as Notification, ticket);
      if (next) show(next);
    },
    resync: () => void reread(),
  });
  poll(view, sub, 2000, 15_000, () => void reread());
}

export async function queueScreen(view: View): Promise<void> {
  const eventId = view.params[0];
  replace(view.root, h('h1', {}, 'Joining the queue…'));
  const joined = await joinQueue(view, eventId);
  if (!joined || !view.current()) return;
  const { event, ticket } = joined;
  const page = queuePage(event);
  replace(view.root, ...page.nodes);
  const show = ticketPresenter(view, eventId, ticket.ticketId, page);
  page.leave.addEventListener('click', async () => {
    try {
      await api.delete(`/queue/${encodeURIComponent(ticket.ticketId)}`);
      store.newFanKey(eventId);
      view.navigate(eventPathOf(eventId));
    } catch (error) {
      replace(page.messages, notice('error', explain(error).text));
    }
  });
  show(ticket);
  if (!view.current()) return;
  followTicket(view, ticket, page.messages, show);
}

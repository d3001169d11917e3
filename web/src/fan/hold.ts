// Held seats and checkout: the hold's countdown, the buyer's name and email,
// a test payment token, and the order. A retry of the same checkout sends
// the same Idempotency-Key, so it can never buy twice.
import { api, type Hold, type Order } from '../shared/api.js';
import { field, h, notice, replace } from '../shared/dom.js';
import { clock, countdown, money, seatLabel } from '../shared/format.js';
import { explain } from './messages.js';
import { store } from './store.js';
import type { View } from './view.js';

export function seatList(seats: Hold['seats']): HTMLElement {
  return h(
    'ul',
    { className: 'seat-list' },
    seats.map((s) => h('li', {}, `${seatLabel(s)} — ${money(s.price)}`)),
  );
}

/** Where a fan chooses again: the seat choice while their turn lasts, otherwise the event. */
function chooseAgainLink(hold: Hold): HTMLElement {
  const eventPath = `#/event/${encodeURIComponent(hold.eventId)}`;
  return h(
    'a',
    { href: store.ticket(hold.eventId)?.token ? `${eventPath}/seats` : eventPath, className: 'button-link primary' },
    'Choose seats again',
  );
}

function loadFailedView(error: unknown): Node[] {
  return [h('h1', {}, 'Your seats'), notice('error', explain(error).text), h('a', { href: '#/' }, 'All events')];
}

/** A hold that is over: expired, released, or bought. */
function endedHoldView(hold: Hold): (Node | null)[] {
  const text =
    hold.status === 'expired'
      ? 'Your hold ran out and the seats went back on sale. They may still be free.'
      : hold.status === 'released'
        ? 'You let these seats go; they are back on sale.'
        : 'These seats are already bought.';
  return [
    h('h1', {}, 'Your seats'),
    notice(hold.status === 'confirmed' ? 'success' : 'info', text),
    seatList(hold.seats),
    hold.status === 'confirmed' ? null : chooseAgainLink(hold),
  ];
}

interface CheckoutForm {
  form: HTMLFormElement;
  name: HTMLInputElement;
  email: HTMLInputElement;
  payment: HTMLSelectElement;
  pay: HTMLButtonElement;
}

function checkoutForm(hold: Hold): CheckoutForm {
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'name' });
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'email' });
  const payment = h(
    'select',
    { name: 'payment' },
    h('option', { value: 'tok_visa' }, 'Test card — approved (tok_visa)'),
    h('option', { value: 'tok_decline' }, 'Test card — declined (tok_decline)'),
  );
  const pay = h('button', { type: 'submit', className: 'primary' }, `Buy for ${money(hold.total)}`);
  const form = h(
    'form',
    { className: 'checkout', 'aria-label': 'Checkout' },
    h('h2', {}, 'Checkout'),
    field('Full name', name),
    field('Email', email, 'We send the tickets here.'),
    field('Payment', payment, 'This is a demo: no real card is charged.'),
    pay,
  );
  return { form, name, email, payment, pay };
}

/** The parts of the checkout page that change. */
interface HeldSeatsPage {
  nodes: Node[];
  timer: HTMLElement;
  messages: HTMLElement;
  checkout: CheckoutForm;
  release: HTMLButtonElement;
}

function heldSeatsPage(hold: Hold): HeldSeatsPage {
  const timer = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'hold-countdown' });
  const messages = h('div', { className: 'messages' });
  const checkout = checkoutForm(hold);
  const release = h('button', { type: 'button', className: 'secondary' }, 'Let these seats go');
  const nodes = [
    h('p', { className: 'breadcrumb' }, h('a', { href: `#/event/${encodeURIComponent(hold.eventId)}` }, 'Back to the event')),
    h('h1', {}, 'Your seats are held'),
    timer,
    seatList(hold.seats),
    h('p', { className: 'total' }, `Total: ${money(hold.total)}`),
    messages,
    checkout.form,
    release,
  ];
  return { nodes, timer, messages, checkout, release };
}

const holdTimerText = (secondsLeft: number): string =>
  secondsLeft > 0 ? `Held for you for ${clock(secondsLeft)}` : 'Your hold has run out.';

// ---------- acting ----------

/** Buys the held seats; a retry of the same form sends the same Idempotency-Key. */
async function buy(view: View, holdId: string, hold: Hold, page: HeldSeatsPage): Promise<void> {
  const { name, email, payment, pay } = page.checkout;
  replace(page.messages);
  const body = { holdId, buyer: { name: name.value.trim(), email: email.value.trim() }, payment: { token: payment.value } };
  const key = store.idempotencyKey(holdId, JSON.stringify(body));
  pay.disabled = true;
  try {
    const order = await api.post<Order>('/orders/', body, { 'Idempotency-Key': key });
    store.setHold(hold.eventId, undefined);
    view.navigate(`#/order/${encodeURIComponent(order.orderId)}`);
  } catch (error) {
    if (!view.current()) return;
    pay.disabled = false;
    const message = explain(error, 'checkout');
    replace(page.messages, notice('error', message.text), message.action === 'choose-seats' ? chooseAgainLink(hold) : null);
    if (message.action === 'choose-seats') pay.disabled = true;
  }
}

async function release(view: View, holdId: string, hold: Hold, page: HeldSeatsPage, stopCountdown: () => void): Promise<void> {
  try {
    await api.delete(`/holds/${encodeURIComponent(holdId)}`);
    store.setHold(hold.eventId, undefined);
    stopCountdown();
    replace(view.root, h('h1', {}, 'Seats released'), notice('info', 'These seats are back on sale.'), chooseAgainLink(hold));
  } catch (error) {
    replace(page.messages, notice('error', explain(error).text));
  }
}

export async function holdScreen(view: View): Promise<void> {
  const holdId = view.params[0];
  replace(view.root, h('p', {}, 'Loading your seats…'));
  let hold: Hold;
  try {
    hold = await api.get<Hold>(`/holds/${encodeURIComponent(holdId)}`);
  } catch (error) {
    if (view.current()) replace(view.root, ...loadFailedView(error));
    return;
  }
  if (!view.current()) return;
  if (hold.status !== 'active') {
    replace(view.root, ...endedHoldView(hold));
    return;
  }
  const page = heldSeatsPage(hold);
  replace(view.root, ...page.nodes);
  const stop = countdown(hold.expiresAt, (left) => {
    page.timer.textContent = holdTimerText(left);
    if (left <= 0) {
      page.checkout.pay.disabled = true;
      replace(
        page.messages,
        notice('error', 'Your hold ran out before checkout, and the seats went back on sale. Choose seats again — they may still be free.'),
        chooseAgainLink(hold),
      );
    }
  });
  view.onLeave(stop);
  page.checkout.form.addEventListener('submit', (e) => {
    e.preventDefault();
    void buy(view, holdId, hold, page);
  });
  page.release.addEventListener('click', () => void release(view, holdId, hold, page, stop));
}

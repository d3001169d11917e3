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
  return h('ul', { className: 'seat-list' }, seats.map((s) => h('li', {}, `${seatLabel(s)} — ${money(s.price)}`)));
}

export async function holdScreen(view: View): Promise<void> {
  const holdId = view.params[0];
  replace(view.root, h('p', {}, 'Loading your seats…'));
  let hold: Hold;
  try {
    hold = await api.get<Hold>(`/holds/${encodeURIComponent(holdId)}`);
  } catch (error) {
    if (view.current()) replace(view.root, h('h1', {}, 'Your seats'), notice('error', explain(error).text), h('a', { href: '#/' }, 'All events'));
    return;
  }
  if (!view.current()) return;
  const eventPath = `#/event/${encodeURIComponent(hold.eventId)}`;
  const chooseAgain = () => h('a', { href: store.ticket(hold.eventId)?.token ? `${eventPath}/seats` : eventPath, className: 'button-link primary' }, 'Choose seats again');

  if (hold.status !== 'active') {
    const text =
      hold.status === 'expired'
        ? 'Your hold ran out and the seats went back on sale. They may still be free.'
        : hold.status === 'released'
          ? 'You let these seats go; they are back on sale.'
          : 'These seats are already bought.';
    replace(view.root, h('h1', {}, 'Your seats'), notice(hold.status === 'confirmed' ? 'success' : 'info', text), seatList(hold.seats), hold.status === 'confirmed' ? null : chooseAgain());
    return;
  }

  const timer = h('p', { className: 'countdown', role: 'timer', 'aria-live': 'off', 'data-testid': 'hold-countdown' });
  const messages = h('div', { className: 'messages' });
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'name' });
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'email' });
  const payment = h(
    'select',
    { name: 'payment' },
    h('option', { value: 'tok_visa' }, 'Test card — approved (tok_visa)'),
    h('option', { value: 'tok_decline' }, 'Test card — declined (tok_decline)'),
  );
  const pay = h('button', { type: 'submit', className: 'primary' }, `Buy for ${money(hold.total)}`);
  const release = h('button', { type: 'button', className: 'secondary' }, 'Let these seats go');
  const form = h(
    'form',
    { className: 'checkout', 'aria-label': 'Checkout' },
    h('h2', {}, 'Checkout'),
    field('Full name', name),
    field('Email', email, 'We send the tickets here.'),
    field('Payment', payment, 'This is a demo: no real card is charged.'),
    pay,
  );
  replace(
    view.root,
    h('p', { className: 'breadcrumb' }, h('a', { href: eventPath }, 'Back to the event')),
    h('h1', {}, 'Your seats are held'),
    timer,
    seatList(hold.seats),
    h('p', { className: 'total' }, `Total: ${money(hold.total)}`),
    messages,
    form,
    release,
  );

  const stop = countdown(hold.expiresAt, (left) => {
    timer.textContent = left > 0 ? `Held for you for ${clock(left)}` : 'Your hold has run out.';
    if (left <= 0) {
      pay.disabled = true;
      replace(messages, notice('error', 'Your hold ran out before checkout, and the seats went back on sale. Choose seats again — they may still be free.'), chooseAgain());
    }
  });
  view.onLeave(stop);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(messages);
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
      replace(messages, notice('error', message.text), message.action === 'choose-seats' ? chooseAgain() : null);
      if (message.action === 'choose-seats') pay.disabled = true;
    }
  });

  release.addEventListener('click', async () => {
    try {
      await api.delete(`/holds/${encodeURIComponent(holdId)}`);
      store.setHold(hold.eventId, undefined);
      stop();
      replace(view.root, h('h1', {}, 'Seats released'), notice('info', 'These seats are back on sale.'), chooseAgain());
    } catch (error) {
      replace(messages, notice('error', explain(error).text));
    }
  });
}

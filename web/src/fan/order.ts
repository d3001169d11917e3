// The confirmation, which is also the order page a fan comes back to:
// the order id, seats and total, and cancelling.
import { api, type Order } from '../shared/api.js';
import { h, notice, replace } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import { explain } from './messages.js';
import { seatList } from './hold.js';
import type { View } from './view.js';

function orderFacts(order: Order, cancelled: boolean): HTMLElement {
  return h(
    'dl',
    { className: 'order-facts' },
    h('dt', {}, 'Order number'),
    h('dd', { 'data-testid': 'order-id' }, order.orderId),
    h('dt', {}, 'Status'),
    h('dd', { 'data-testid': 'order-status' }, cancelled ? 'Cancelled' : 'Confirmed'),
    h('dt', {}, 'Name'),
    h('dd', {}, order.buyer.name),
    h('dt', {}, 'Ordered'),
    h('dd', {}, dateTime(order.createdAt)),
    h('dt', {}, 'Total'),
    h('dd', {}, money(order.total)),
  );
}

/** "Cancel this order", then a confirmation before anything is cancelled; `confirm` is left to the caller. */
interface CancelControls {
  cancel: HTMLButtonElement;
  confirmBox: HTMLElement;
  confirm: HTMLButtonElement;
}

function cancelControls(): CancelControls {
  const cancel = h('button', { type: 'button', className: 'danger' }, 'Cancel this order');
  const confirm = h('button', { type: 'button', className: 'danger', 'data-action': 'confirm-cancel' }, 'Yes, cancel my order');
  const keep = h('button', { type: 'button', className: 'secondary', 'data-action': 'keep' }, 'No, keep it');
  const confirmBox = h(
    'div',
    { className: 'confirm', hidden: true },
    h('p', {}, 'Cancel the whole order? The seats go back on sale and this cannot be undone.'),
    confirm,
    ' ',
    keep,
  );
  cancel.addEventListener('click', () => {
    confirmBox.hidden = false;
    cancel.hidden = true;
    confirm.focus();
  });
  keep.addEventListener('click', () => {
    confirmBox.hidden = true;
    cancel.hidden = false;
    cancel.focus();
  });
  return { cancel, confirmBox, confirm };
}

function orderPage(order: Order, justCancelled: boolean, messages: HTMLElement, controls: CancelControls): (Node | null)[] {
  const cancelled = order.status === 'cancelled';
  return [
    h('p', { className: 'breadcrumb' }, h('a', { href: `#/event/${encodeURIComponent(order.eventId)}` }, 'Back to the event')),
    h('h1', {}, cancelled ? 'Order cancelled' : 'You have tickets!'),
    justCancelled ? notice('success', 'Your order is cancelled and the seats are back on sale.') : null,
    cancelled ? null : notice('success', `Order confirmed. We sent the tickets to ${order.buyer.email}.`),
    orderFacts(order, cancelled),
    h('h2', {}, 'Seats'),
    seatList(order.seats),
    h('p', { className: 'hint' }, 'Keep this page’s address: it is how you get back to your order.'),
    messages,
    cancelled ? null : controls.cancel,
    cancelled ? null : controls.confirmBox,
  ];
}

function showOrder(view: View, order: Order, justCancelled = false): void {
  const messages = h('div', { className: 'messages' });
  const controls = cancelControls();
  replace(view.root, ...orderPage(order, justCancelled, messages, controls));
  controls.confirm.addEventListener('click', async () => {
    try {
      const updated = await api.delete<Order>(`/orders/${encodeURIComponent(order.orderId)}`);
      if (view.current()) showOrder(view, updated, true);
    } catch (error) {
      replace(messages, notice('error', explain(error, 'order').text));
    }
  });
}

export async function orderScreen(view: View): Promise<void> {
  const orderId = view.params[0];
  replace(view.root, h('p', {}, 'Loading your order…'));
  let order: Order;
  try {
    order = await api.get<Order>(`/orders/${encodeURIComponent(orderId)}`);
  } catch (error) {
    if (view.current()) replace(view.root, h('h1', {}, 'Your order'), notice('error', explain(error).text));
    return;
  }
  if (view.current()) showOrder(view, order);
}

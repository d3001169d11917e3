// The confirmation, which is also the order page a fan comes back to:
// the order id, seats and total, and cancelling.
import { api, type Order } from '../shared/api.js';
import { h, notice, replace } from '../shared/dom.js';
import { dateTime, money } from '../shared/format.js';
import { explain } from './messages.js';
import { seatList } from './hold.js';
import type { View } from './view.js';

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
  if (!view.current()) return;
  draw(order);

  function draw(current: Order, justCancelled = false): void {
    const messages = h('div', { className: 'messages' });
    const cancelled = current.status === 'cancelled';
    const cancel = h('button', { type: 'button', className: 'danger' }, 'Cancel this order');
    const confirmBox = h(
      'div',
      { className: 'confirm', hidden: true },
      h('p', {}, 'Cancel the whole order? The seats go back on sale and this cannot be undone.'),
      h('button', { type: 'button', className: 'danger', 'data-action': 'confirm-cancel' }, 'Yes, cancel my order'),
      ' ',
      h('button', { type: 'button', className: 'secondary', 'data-action': 'keep' }, 'No, keep it'),
    );
    replace(
      view.root,
      h('p', { className: 'breadcrumb' }, h('a', { href: `#/event/${encodeURIComponent(current.eventId)}` }, 'Back to the event')),
      h('h1', {}, cancelled ? 'Order cancelled' : 'You have tickets!'),
      justCancelled ? notice('success', 'Your order is cancelled and the seats are back on sale.') : null,
      cancelled ? null : notice('success', `Order confirmed. We sent the tickets to ${current.buyer.email}.`),
      h(
        'dl',
        { className: 'order-facts' },
        h('dt', {}, 'Order number'),
        h('dd', { 'data-testid': 'order-id' }, current.orderId),
        h('dt', {}, 'Status'),
        h('dd', { 'data-testid': 'order-status' }, cancelled ? 'Cancelled' : 'Confirmed'),
        h('dt', {}, 'Name'),
        h('dd', {}, current.buyer.name),
        h('dt', {}, 'Ordered'),
        h('dd', {}, dateTime(current.createdAt)),
        h('dt', {}, 'Total'),
        h('dd', {}, money(current.total)),
      ),
      h('h2', {}, 'Seats'),
      seatList(current.seats),
      h('p', { className: 'hint' }, 'Keep this page’s address: it is how you get back to your order.'),
      messages,
      cancelled ? null : cancel,
      cancelled ? null : confirmBox,
    );
    cancel.addEventListener('click', () => {
      confirmBox.hidden = false;
      cancel.hidden = true;
      (confirmBox.querySelector('[data-action="confirm-cancel"]') as HTMLElement).focus();
    });
    confirmBox.querySelector('[data-action="keep"]')?.addEventListener('click', () => {
      confirmBox.hidden = true;
      cancel.hidden = false;
      cancel.focus();
    });
    confirmBox.querySelector('[data-action="confirm-cancel"]')?.addEventListener('click', async () => {
      try {
        const updated = await api.delete<Order>(`/orders/${encodeURIComponent(current.orderId)}`);
        if (view.current()) draw(updated, true);
      } catch (error) {
        replace(messages, notice('error', explain(error, 'order').text));
      }
    });
  }
}

// Errors in words a fan can act on. The server's own messages are already
// written for people (API.md); the cases below add what to do next, and a
// status code is never shown.
import { ApiError } from '../shared/api.js';

export interface FanMessage {
  text: string;
  /** what the page offers next, if anything */
  action?: 'choose-seats' | 'rejoin' | 'waitlist' | 'retry';
}

export function explain(error: unknown, context: 'join' | 'hold' | 'checkout' | 'order' | 'waitlist' | 'load' = 'load'): FanMessage {
  if (!(error instanceof ApiError)) return { text: 'Something went wrong in this page. Reload it and try again.', action: 'retry' };
  const { status, code } = error;
  if (status === 0) return { text: error.message, action: 'retry' };
  if (status === 429) {
    return { text: `Lots of fans are trying at once. Please wait ${error.retryAfter ?? 'a few'} seconds and try again.`, action: 'retry' };
  }
  if (status === 503 || code === 'busy') return { text: 'The box office is very busy right now. Try again in a moment.', action: 'retry' };
  if (context === 'hold') {
    if (code === 'seats_unavailable')
      return {
        text: 'Sorry — someone else just took some of those seats. They are now marked as taken; please choose others.',
        action: 'choose-seats',
      };
    if (status === 401)
      return {
        text: 'Your turn to buy has ended, so we could not hold seats for you. Join the queue again to get a new turn.',
        action: 'rejoin',
      };
    if (status === 403)
      return { text: 'Your place in line is for a different event. Open this event and join its queue.', action: 'rejoin' };
    if (status === 422) return { text: error.message, action: 'choose-seats' };
  }
  if (context === 'checkout') {
    if (status === 410)
      return {
        text: 'Your hold ran out before checkout, and the seats went back on sale. Choose seats again — they may still be free.',
        action: 'choose-seats',
      };
    if (status === 402)
      return {
        text: 'Your payment was declined and nothing was charged. Your seats are still held for you: try another card.',
        action: 'retry',
      };
    if (status === 409)
      return {
        text: 'These seats are no longer held for you (the hold was released or already bought). Choose seats again.',
        action: 'choose-seats',
      };
    if (status === 422) return { text: error.message, action: 'retry' };
  }
  if (context === 'join') {
    if (code === 'sold_out')
      return { text: 'This event is sold out. Join the waitlist and we will offer you seats the moment some open up.', action: 'waitlist' };
    if (code === 'not_on_sale') {
      const opensAt = typeof error.body.opensAt === 'string' ? ` It opens ${new Date(error.body.opensAt).toLocaleString()}.` : '';
      return { text: `${error.message}${opensAt}` };
    }
  }
  if (context === 'waitlist' && code === 'seats_available') {
    return { text: 'Good news: there are still seats for sale, so there is no waitlist. Join the queue to buy them.', action: 'rejoin' };
  }
  if (status === 404) return { text: 'We could not find that. The link may be old or mistyped.' };
  return { text: error.message, action: status >= 500 ? 'retry' : undefined };
}

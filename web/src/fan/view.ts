// What every screen of the fan page gets from the router, and small helpers
// the screens share.
import { subscribe, isLive, type LiveHandlers, type LiveSubscription } from '../shared/live.js';

export interface View {
  root: HTMLElement;
  params: string[];
  query: URLSearchParams;
  navigate(hash: string): void;
  /** run when the fan leaves the screen */
  onLeave(cleanup: () => void): void;
  /** is this screen still shown? (answers that arrive later must not draw on another screen) */
  current(): boolean;
}

/** Follows a topic while the screen is shown. */
export function follow(view: View, topic: string, handlers: LiveHandlers): LiveSubscription {
  const sub = subscribe(topic, {
    message: (m) => view.current() && handlers.message(m),
    resync: () => view.current() && handlers.resync(),
  });
  view.onLeave(() => sub.close());
  return sub;
}

/**
 * Re-reads state on a timer as a safety net: quickly while no live transport
 * delivers for `sub`, slowly while one does.
 */
export function poll(view: View, sub: LiveSubscription | undefined, fastMs: number, slowMs: number, read: () => void): void {
  let last = Date.now();
  const timer = window.setInterval(() => {
    const interval = isLive(sub) ? slowMs : fastMs;
    if (Date.now() - last >= interval) {
      last = Date.now();
      read();
    }
  }, 250);
  view.onLeave(() => window.clearInterval(timer));
}

/** Runs `fn` at most once per `ms`, the last call winning. */
export function throttle(ms: number, fn: () => void): () => void {
  let timer = 0;
  let lastRun = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, lastRun + ms - Date.now());
    timer = window.setTimeout(() => {
      timer = 0;
      lastRun = Date.now();
      fn();
    }, wait);
  };
}

// The fan page: a small hash router over the screens of a purchase
// (browse → event → queue → seats → hold and checkout → order) and the
// waitlist. Every screen reads the public API of API.md.
import { h, replace, focusHeading } from '../shared/dom.js';
import { describe, dropConnections, onLiveChange } from '../shared/live.js';
import type { View } from './view.js';
import { browseScreen } from './browse.js';
import { eventScreen } from './event.js';
import { queueScreen } from './queue.js';
import { seatsScreen } from './seats.js';
import { holdScreen } from './hold.js';
import { orderScreen } from './order.js';
import { waitlistScreen } from './waitlist.js';

type Screen = (view: View) => void | Promise<void>;

const routes: [RegExp, Screen][] = [
  [/^\/?(events)?$/, browseScreen],
  [/^\/event\/([^/]+)$/, eventScreen],
  [/^\/event\/([^/]+)\/queue$/, queueScreen],
  [/^\/event\/([^/]+)\/seats$/, seatsScreen],
  [/^\/event\/([^/]+)\/waitlist$/, waitlistScreen],
  [/^\/hold\/([^/]+)$/, holdScreen],
  [/^\/order\/([^/]+)$/, orderScreen],
];

const app = document.getElementById('app') as HTMLElement;
const liveStatus = document.getElementById('live-status') as HTMLElement;
let cleanups: (() => void)[] = [];
let generation = 0;
let firstRender = true;

function notFound(view: View): void {
  replace(view.root, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'See all events')));
}

async function render(): Promise<void> {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  const mine = ++generation;
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  let screen: Screen = notFound;
  let params: string[] = [];
  for (const [pattern, candidate] of routes) {
    const match = pattern.exec(path);
    if (match) {
      screen = candidate;
      params = match
        .slice(1)
        .filter((p) => p !== undefined && p !== 'events')
        .map(decodeURIComponent);
      break;
    }
  }
  const root = h('div', { className: 'screen' });
  replace(app, root);
  const view: View = {
    root,
    params,
    query: new URLSearchParams(search),
    navigate: (hash) => {
      if (location.hash === hash) void render();
      else location.hash = hash;
    },
    onLeave: (cleanup) => cleanups.push(cleanup),
    current: () => mine === generation,
  };
  const moved = !firstRender;
  firstRender = false;
  await screen(view);
  if (view.current()) document.title = `${root.querySelector('h1')?.textContent?.trim() || 'Events'} — Fair Tickets`;
  // after a move within the page, start screen readers and the keyboard at the new heading (a fresh load starts at the top)
  if (moved && view.current()) focusHeading(root);
}

onLiveChange((subs) => {
  const { text, state } = describe(subs);
  liveStatus.textContent = text;
  liveStatus.dataset.state = subs.length ? state : '';
});

// for tests and for trying the recovery by hand: window.fairTicketing.dropLive()
(window as unknown as { fairTicketing: unknown }).fairTicketing = { dropLive: dropConnections };

window.addEventListener('hashchange', () => void render());
void render();

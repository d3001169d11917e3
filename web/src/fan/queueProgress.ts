// How far the fan has come: a bar from where the fan stood on joining (kept
// in the browser, so a reload keeps it) to the head of the line, the wait as a
// range from the measured admission rate, and the moment the fan is next.
import { h } from '../shared/dom.js';

const KEY = 'fair-ticketing:first-ahead:';

/** The number ahead when the fan first had a place; the first value seen is kept. */
function firstAhead(ticketId: string, ahead: number): number {
  try {
    const saved = localStorage.getItem(KEY + ticketId);
    if (saved !== null) return Math.max(Number(saved), ahead);
    localStorage.setItem(KEY + ticketId, String(ahead));
  } catch {
    // no storage: the bar starts from this visit
  }
  return ahead;
}

/** "3–5 minutes", "less than a minute to 2 minutes". */
export function waitRange([shortest, longest]: [number, number]): string {
  const minutes = (s: number) => Math.max(1, Math.round(s / 60));
  if (longest < 60) return 'less than a minute';
  if (shortest < 60) return `less than a minute to ${minutes(longest)} minutes`;
  if (minutes(shortest) === minutes(longest)) return `about ${minutes(longest)} minutes`;
  return `${minutes(shortest)}–${minutes(longest)} minutes`;
}

export interface Progress {
  element: HTMLElement;
  show(ticketId: string, ahead: number | null | undefined): void;
  hide(): void;
}

export function progressBar(): Progress {
  const bar = h('progress', { max: '100', value: '0', 'data-testid': 'queue-progress' });
  const label = h('span', { className: 'hint' });
  const element = h('div', { className: 'queue-progress', hidden: true }, h('label', {}, 'Your way through the line', bar), label);
  bar.setAttribute('aria-label', 'Your way through the line');
  return {
    element,
    show(ticketId, ahead) {
      if (ahead === null || ahead === undefined) return;
      const first = firstAhead(ticketId, ahead);
      const done = first === 0 ? 100 : Math.round(((first - ahead) / first) * 100);
      bar.value = done;
      label.textContent = first > ahead ? `${first - ahead} of the ${first} ahead of you when you joined have gone in (${done}%)` : '';
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
    },
  };
}

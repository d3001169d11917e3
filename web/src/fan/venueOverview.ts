// The venue at a glance: the stage and each section as a block, coloured by
// the share of its seats still free and labelled with its price and count
// (so colour is never the only sign), live as the seat map changes. Sections
// sit where the venue's plan puts them (`layout`, in percent of the plan,
// the stage along its top edge) or, without a plan, in tiers by price, the
// dearest nearest the stage. Each block is a button that zooms the seat map
// to its section.
import type { SeatMap } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { money } from '../shared/format.js';

export interface SectionCount {
  available: number;
  held: number;
  sold: number;
}

export interface Overview {
  element: HTMLElement;
  update(counts: Map<string, SectionCount>): void;
  /** marks the zoomed section's block (null: none) */
  zoomed(section: string | null): void;
}

type Section = SeatMap['sections'][number];

function share(count: SectionCount): 'plenty' | 'some' | 'few' | 'none' {
  const total = count.available + count.held + count.sold;
  if (count.available === 0) return 'none';
  const left = count.available / total;
  return left >= 0.5 ? 'plenty' : left >= 0.15 ? 'some' : 'few';
}

const LEFT_WORD = { plenty: 'plenty left', some: 'selling', few: 'few left', none: 'none free now' } as const;

/** Sections in rows by price, dearest first (nearest the stage). */
function tiers(sections: Section[]): Section[][] {
  const byPrice = new Map<number, Section[]>();
  for (const section of sections) byPrice.set(section.price, [...(byPrice.get(section.price) ?? []), section]);
  return [...byPrice].sort((a, b) => b[0] - a[0]).map(([, list]) => list);
}

export function venueOverview(map: SeatMap, onZoom: (section: string) => void): Overview {
  const blocks = new Map<string, { button: HTMLButtonElement; count: HTMLElement }>();
  const block = (section: Section): HTMLButtonElement => {
    const count = h('span', { className: 'block-count' });
    const button = h(
      'button',
      { type: 'button', className: 'venue-block', 'data-section': section.name, onclick: () => onZoom(section.name) },
      h('span', { className: 'block-name' }, section.name),
      h('span', { className: 'block-price' }, money(section.price)),
      count,
    );
    const place = section.layout;
    if (place) button.style.cssText = `left:${place.x}%;top:${place.y}%;width:${place.width}%;height:${place.height}%`;
    blocks.set(section.name, { button, count });
    return button;
  };
  const planned = map.sections.every((s) => s.layout);
  const plan = planned
    ? h('div', { className: 'venue-plan' }, map.sections.map(block))
    : h(
        'div',
        { className: 'venue-tiers' },
        tiers(map.sections).map((tier) => h('div', { className: 'venue-tier' }, tier.map(block))),
      );
  const element = h(
    'nav',
    { className: 'venue-overview', 'aria-label': 'Sections of the venue: choose one to see its seats', 'data-testid': 'venue-overview' },
    h('div', { className: 'venue-stage' }, 'Stage'),
    plan,
  );
  return {
    element,
    update(counts) {
      for (const [name, { button, count }] of blocks) {
        const c = counts.get(name) ?? { available: 0, held: 0, sold: 0 };
        const left = share(c);
        button.dataset.left = left;
        count.textContent = c.available ? `${c.available} left` : c.held ? 'All on hold' : 'Sold out';
        const price = map.sections.find((s) => s.name === name)?.price ?? 0;
        button.setAttribute(
          'aria-label',
          `${name}, ${money(price)}, ${c.available} of ${c.available + c.held + c.sold} seats free (${LEFT_WORD[left]})`,
        );
      }
    },
    zoomed(section) {
      for (const [name, { button }] of blocks) button.setAttribute('aria-current', String(name === section));
    },
  };
}

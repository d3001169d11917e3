// The log of who changed what about an event and its gate, newest first
// (GET /gate/{eventId} `changes`).
import type { Gate } from '../shared/api.js';
import { h } from '../shared/dom.js';

const FIELD_NAMES: Record<string, string> = {
  'waitingRoom.admitPerMinute': 'Admit rate',
  'waitingRoom.maxActive': 'Checkout cap',
  'waitingRoom.paused': 'Paused',
  status: 'Status',
};

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function changeRow(change: Gate['changes'][number]): HTMLElement {
  return h(
    'tr',
    {},
    h('td', {}, new Date(change.at).toLocaleTimeString()),
    h('td', {}, change.by),
    h('th', { scope: 'row' }, FIELD_NAMES[change.field] ?? change.field),
    h('td', {}, shown(change.from)),
    h('td', {}, shown(change.to)),
  );
}

export function changeLog(rows: HTMLElement): HTMLElement {
  return h(
    'div',
    { className: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'change-log' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Who', 'What', 'From', 'To'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      rows,
    ),
  );
}

/** The rows of the log, newest first. */
export function changeRows(changes: Gate['changes']): HTMLElement[] {
  return changes.length ? changes.map(changeRow) : [h('tr', {}, h('td', { colSpan: 5 }, 'No changes yet'))];
}

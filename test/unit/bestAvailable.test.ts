import { describe, expect, it } from 'vitest';
import { bestAvailable, type Place } from '../../checkout/bestAvailable.js';

const grid = (rows: number, perRow: number, taken: string[] = []): Place[] => {
  const places: Place[] = [];
  for (let row = 1; row <= rows; row++) {
    for (let number = 1; number <= perRow; number++) {
      const id = `${row}-${number}`;
      if (!taken.includes(id)) places.push({ id, row, number });
    }
  }
  return places;
};

describe('bestAvailable', () => {
  it('takes adjacent seats in the front row, in the middle', () => {
    expect(bestAvailable(grid(3, 10), 2, 10)).toEqual(['1-5', '1-6']);
    expect(bestAvailable(grid(3, 10), 4, 10)).toEqual(['1-4', '1-5', '1-6', '1-7']);
  });

  it('goes back a row rather than split a group', () => {
    const taken = ['1-3', '1-6', '1-9'];
    expect(bestAvailable(grid(3, 10, taken), 3, 10)).toEqual(['2-4', '2-5', '2-6']);
  });

  it('falls back to the tightest group when no row has enough seats together', () => {
    const available: Place[] = [
      { id: '1-1', row: 1, number: 1 },
      { id: '1-5', row: 1, number: 5 },
      { id: '2-3', row: 2, number: 3 },
      { id: '4-1', row: 4, number: 1 },
    ];
    expect(bestAvailable(available, 3, 10)).toEqual(['1-1', '1-5', '2-3']);
  });

  it('answers null when there are not enough seats', () => {
    expect(bestAvailable(grid(1, 2), 3, 2)).toBeNull();
    expect(bestAvailable(grid(1, 2), 0, 2)).toBeNull();
  });
});

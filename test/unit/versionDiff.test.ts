import { describe, expect, it } from 'vitest';
import { behind, behindAt, lost } from '../../catalog/versionDiff.js';

describe('the handover check of a move', () => {
  it('finds the records the new owner lacks or has at another version, not those only it has', () => {
    const mine = { 'Hold/a': 1, 'Hold/b': 2, 'Seat/c': 3 };
    const theirs = { 'Hold/a': 1, 'Hold/b': 1, 'Order/d': 4 };
    expect(behind(mine, theirs)).toEqual(['Hold/b', 'Seat/c']);
    expect(behind(mine, { ...mine })).toEqual([]);
  });

  it('writes again only what was behind at the same version a round ago: late records get a round to arrive', () => {
    const first = { 'Hold/a': 1, 'Seat/c': 3 };
    const earlier = behindAt(['Hold/a', 'Seat/c'], first);
    expect(lost(['Hold/a', 'Seat/c'], first, new Set())).toEqual([]);
    // Seat/c changed again since (a new version on its way): not lost yet
    const now = { 'Hold/a': 1, 'Seat/c': 5 };
    expect(lost(['Hold/a', 'Seat/c'], now, earlier)).toEqual(['Hold/a']);
  });
});

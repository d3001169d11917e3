import { describe, expect, it } from 'vitest';
import { AdmissionBudget, aheadOf, etaSeconds, lineOrder, measuredRate } from '../../queue/line.js';
import { newSeed, shuffle } from '../../queue/shuffle.js';

describe('shuffle', () => {
  it('is a uniform permutation (chi-square over all 24 orders of 4 fans)', () => {
    const runs = 24_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const key = shuffle(['a', 'b', 'c', 'd'], newSeed()).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const expected = runs / 24;
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 23 degrees of freedom: the 99.9th percentile is 49.7
    expect(chiSquare).toBeLessThan(49.7);
  });

  it('puts each fan at each place equally often', () => {
    const fans = Array.from({ length: 10 }, (_, i) => i);
    const firstPlace = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) firstPlace[shuffle(fans, newSeed())[0]]++;
    for (const n of firstPlace) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('replays the same draw from the same seed', () => {
    const seed = newSeed();
    const fans = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expect(shuffle(fans, seed)).toEqual(shuffle(fans, seed));
    expect(shuffle(fans, seed)).not.toEqual(shuffle(fans, newSeed()));
  });
});

describe('lineOrder', () => {
  const sale = 1_000_000;
  const fan = (id: string, joinedAt: number) => ({ id, joinedAt, seq: joinedAt * 1000 });
  it('never places a later joiner ahead of a pre-queue fan', () => {
    for (let run = 0; run < 200; run++) {
      const early = Array.from({ length: 20 }, (_, i) => fan(`e${i}`, sale - 1000 + i));
      const late = Array.from({ length: 20 }, (_, i) => fan(`l${i}`, sale + i));
      const order = lineOrder([...late, ...early].sort(() => Math.random() - 0.5), sale, newSeed());
      expect(order.slice(0, 20).every((t) => t.id.startsWith('e'))).toBe(true);
      expect(order.slice(20).map((t) => t.id)).toEqual(late.map((t) => t.id));
    }
  });

  it('keeps arrival order without a draw', () => {
    const order = lineOrder([fan('b', sale + 2), fan('a', sale + 1)], sale, null);
    expect(order.map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('aheadOf', () => {
  it('counts from the head, less those who left', () => {
    const line = { headPlace: 10, leftPlaces: [12, 15, 40], admitRate: 1 };
    expect(aheadOf(10, line)).toBe(0);
    expect(aheadOf(14, line)).toBe(3);
    expect(aheadOf(20, line)).toBe(8);
  });
});

describe('measuredRate and etaSeconds', () => {
  it('uses what the line really moved at, capped by the organizer limit', () => {
    const now = 100_000;
    const steady = Array.from({ length: 20 }, (_, i) => now - 20_000 + i * 1000); // one a second
    expect(measuredRate(steady, 600, now)).toBeCloseTo(1, 1);
    expect(measuredRate(steady, 30, now)).toBeCloseTo(0.5, 5);
    expect(measuredRate([], 120, now)).toBe(2);
    expect(etaSeconds(9, 1)).toBe(10);
    expect(etaSeconds(5, 0)).toBeNull();
  });
});

describe('AdmissionBudget', () => {
  it('spreads a minute evenly and never bursts more than a second of it', () => {
    const budget = new AdmissionBudget(0);
    expect(budget.take(100, 600, 0)).toBe(10); // starts with one second's worth
    expect(budget.take(100, 600, 0)).toBe(0);
    expect(budget.take(100, 600, 500)).toBe(5);
    expect(budget.take(100, 600, 60_000)).toBe(10); // a long pause saves up only one second
    let admitted = 0;
    for (let t = 60_000; t < 120_000; t += 250) admitted += budget.take(100, 60, t);
    expect(admitted).toBeGreaterThanOrEqual(59);
    expect(admitted).toBeLessThanOrEqual(61);
  });
});

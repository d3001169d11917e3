import { describe, expect, it } from 'vitest';
import { AdmissionBudget, LATE_BASE, aheadOf, etaSeconds, lineOrder, measuredRate, waitingIn } from '../../queue/line.js';
import { LineHoles } from '../../queue/lineHoles.js';
import { shuffle } from '../../queue/draw.js';
import { newSeed } from '../../lib/records/draw.js';

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
      const order = lineOrder(
        [...late, ...early].sort(() => Math.random() - 0.5),
        sale,
        newSeed(),
      );
      expect(order.slice(0, 20).every((t) => t.id.startsWith('e'))).toBe(true);
      expect(order.slice(20).map((t) => t.id)).toEqual(late.map((t) => t.id));
    }
  });

  it('keeps arrival order without a draw', () => {
    const order = lineOrder([fan('b', sale + 2), fan('a', sale + 1)], sale, null);
    expect(order.map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('aheadOf and waitingIn', () => {
  it('counts from the head, less those who left', () => {
    const line = { headPlace: 10, lastPlace: 50, leftPlaces: [12, 15, 40], admitRate: 1 };
    expect(aheadOf(10, line)).toBe(0);
    expect(aheadOf(14, line)).toBe(3);
    expect(aheadOf(20, line)).toBe(8);
    expect(waitingIn(line, LATE_BASE)).toBe(38); // 10..50 less 12, 15 and 40
  });

  it('puts late joiners behind the whole pre-queue, counting neither the unused numbers between nor those who left', () => {
    // pre-queue 1..10, head at 3, place 5 left; late places 1..5 given, the 2nd left
    const line = { headPlace: 3, lastPlace: 10, leftPlaces: [5, LATE_BASE + 2], admitRate: 1 };
    expect(aheadOf(LATE_BASE + 1, line)).toBe(7); // 3, 4, 6..10
    expect(aheadOf(LATE_BASE + 3, line)).toBe(8);
    expect(waitingIn(line, LATE_BASE + 5)).toBe(11);
    // the pre-queue admitted: only late fans remain
    const late = { headPlace: LATE_BASE + 3, lastPlace: 10, leftPlaces: [], admitRate: 1 };
    expect(aheadOf(LATE_BASE + 5, late)).toBe(2);
    expect(waitingIn(late, LATE_BASE + 5)).toBe(3);
    expect(waitingIn({ headPlace: 11, lastPlace: 10, leftPlaces: [], admitRate: 1 }, LATE_BASE)).toBe(0);
    // a pre-queue join that committed after the draw, when late places up to 90 were already admitted
    const straggler = { headPlace: 11, lateHead: LATE_BASE + 91, lastPlace: 11, leftPlaces: [LATE_BASE + 95], admitRate: 1 };
    expect(aheadOf(LATE_BASE + 91, straggler)).toBe(1);
    expect(aheadOf(LATE_BASE + 100, straggler)).toBe(9);
    expect(waitingIn(straggler, LATE_BASE + 200)).toBe(110);
    // figures written before any late fan or pre-queue was seen: the first late fan is at the head
    expect(aheadOf(LATE_BASE + 1, { headPlace: 1, lastPlace: 0, leftPlaces: [], admitRate: 1 })).toBe(0);
    expect(aheadOf(LATE_BASE + 1, { headPlace: 11, lastPlace: 10, leftPlaces: [], admitRate: 1 })).toBe(0);
    expect(waitingIn({ headPlace: LATE_BASE + 6, lastPlace: 0, leftPlaces: [], admitRate: 1 }, LATE_BASE + 5)).toBe(0);
  });
});

describe('LineHoles', () => {
  const late = (...n: number[]) => n.map((k) => LATE_BASE + k);
  const ends = (lateEnd: number, lastPlace = 0) => ({ lastPlace, lateEnd: LATE_BASE + lateEnd });

  it('counts a place as empty only when it is missing in two passes in a row, the second soon after the start', () => {
    const holes = new LineHoles();
    expect(holes.due(0)).toBe(1);
    // 3 is still being written, 5 left (known), 7 never came
    expect(holes.check(late(1, 2, 4, 6, 8), late(5), ends(8), 0)).toEqual([]);
    expect(holes.due(2000)).toBeNull();
    // 3 arrived meanwhile; 7 is still missing; 9 is new and only suspected
    expect(holes.due(3000)).toBe(1);
    expect(holes.check(late(1, 2, 3, 4, 6, 8, 10), late(5), ends(10), 3000)).toEqual(late(7));
    // later passes come CHECK_MS apart
    expect(holes.due(30_000)).toBeNull();
    expect(holes.due(33_000)).toBe(1);
  });

  it('finds the empty places at the end of each stretch, up to where the line ended when the pass began', () => {
    const holes = new LineHoles();
    // pre-queue 1..6: 1 admitted, 5 and 6 left just before a crash; late places up to 9:
    // 1 and 2 admitted, 4, 8 and 9 gone; 10 is taken during the pass
    const waiting = [2, 3, 4, ...late(3, 5, 6, 7)];
    for (const now of [0, 3000]) {
      expect(holes.due(now)).toBe(1);
      expect(holes.check(waiting, [], ends(9, 6), now)).toEqual(now ? [5, 6, ...late(4, 8, 9)] : []);
    }
  });

  it('reads a long line a chunk at a time, and finds a hole between two chunks', () => {
    const holes = new LineHoles();
    const chunk = LineHoles.CHUNK;
    const first = Array.from({ length: chunk }, (_, i) => LATE_BASE + 1 + i);
    // the second chunk starts one place after the first ends: that place never came
    const second = [LATE_BASE + chunk + 2, LATE_BASE + chunk + 3];
    for (const now of [0, 3000]) {
      expect(holes.due(now)).toBe(1);
      expect(holes.check(first, [], ends(chunk + 3), now)).toEqual([]);
      expect(holes.due(now)).toBe(LATE_BASE + chunk + 1);
      expect(holes.check(second, [], ends(chunk + 3), now)).toEqual(now ? [LATE_BASE + chunk + 1] : []);
      expect(holes.due(now + 1)).toBeNull();
    }
  });
});

describe('measuredRate and etaSeconds', () => {
  it('uses what the line really moved at, capped by the organizer limit', () => {
    const now = 100_000;
    const steady = Array.from({ length: 20 }, (_, i) => now - 19_000 + i * 1000); // one a second, the last just now
    expect(measuredRate(steady, 600, now)).toBeCloseTo(1, 5); // 19 intervals in 19 s, not 20 admissions
    expect(measuredRate(steady, 30, now)).toBeCloseTo(0.5, 5);
    expect(measuredRate(steady, 600, now + 19_000)).toBeCloseTo(0.5, 5); // the line stood still since
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

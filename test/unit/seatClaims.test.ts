import { describe, expect, it } from 'vitest';
import { seatConflicts } from '../../checkout/seatClaims.js';
import type { HoldRecord } from '../../lib/records/hold.js';
import type { OrderRecord } from '../../lib/records/order.js';

const T = Date.parse('2026-12-01T20:00:00Z');
const MIN = 60_000;

function hold(id: string, seatIds: string[], createdAt: number, status: HoldRecord['status'], endedAt?: number): HoldRecord {
  const seats = seatIds.map((seatId) => ({ id: seatId, section: 'A', row: 1, number: 1, price: 100 }));
  return {
    id,
    eventId: 'e',
    ticketId: null,
    waitlistId: null,
    seatIds,
    seats,
    total: 100,
    status,
    expiresAt: createdAt + 5 * MIN,
    createdAt,
    endedAt,
  };
}

function order(id: string, holdId: string, seatIds: string[], createdAt: number, cancelledAt?: number): OrderRecord {
  return {
    id,
    eventId: 'e',
    holdId,
    ticketId: null,
    seats: seatIds.map((seatId) => ({ id: seatId, section: 'A', row: 1, number: 1, price: 100 })),
    total: 100,
    buyer: { name: 'A', email: 'a@example.com' },
    status: cancelledAt ? 'cancelled' : 'confirmed',
    idempotencyKey: null,
    createdAt: new Date(createdAt).toISOString(),
    cancelledAt: cancelledAt ? new Date(cancelledAt).toISOString() : null,
  };
}

describe('seats claimed twice at once', () => {
  it('finds none in a sale where each claim ends before the next begins', () => {
    const holds = [
      hold('h1', ['s1'], T, 'released', T + MIN),
      hold('h2', ['s1'], T + 2 * MIN, 'expired', T + 9 * MIN), // swept late: it stopped counting at its expiry
      hold('h3', ['s1'], T + 7 * MIN + 1, 'confirmed', T + 8 * MIN),
    ];
    const orders = [order('o3', 'h3', ['s1'], T + 8 * MIN)];
    expect(seatConflicts('e', holds, orders)).toEqual([]);
  });

  it('finds a seat sold in two orders', () => {
    const orders = [order('o1', 'h1', ['s1', 's2'], T), order('o2', 'h2', ['s2'], T + MIN)];
    const found = seatConflicts('e', [], orders);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eventId: 'e', seatId: 's2' });
    expect(found[0].claims.map((claim) => claim.id).sort()).toEqual(['o1', 'o2']);
  });

  it('finds a live hold on a seat that was sold meanwhile, and a seat in two live holds', () => {
    const holds = [hold('late', ['s1', 's2'], T, 'active'), hold('h2', ['s2'], T + MIN, 'active')];
    const orders = [order('o1', 'h1', ['s1'], T + MIN)];
    const found = seatConflicts('e', holds, orders);
    expect(found.map((c) => c.seatId).sort()).toEqual(['s1', 's2']);
  });

  it('ignores an order cancelled before the seat was sold again', () => {
    const orders = [order('o1', 'h1', ['s1'], T, T + MIN), order('o2', 'h2', ['s1'], T + 2 * MIN)];
    expect(seatConflicts('e', [], orders)).toEqual([]);
  });
});

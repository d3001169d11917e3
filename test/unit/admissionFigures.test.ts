import { describe, expect, it } from 'vitest';
import { admissionFigures } from '../../queue/admissionFigures.js';
import type { EndReason } from '../../lib/records/ticket.js';

const ticket = (admittedAt: number, endedAt: number | null = null, endReason: EndReason | null = null) => ({
  admittedAt,
  endedAt,
  endReason,
});

describe('admissionFigures', () => {
  it('counts every admission once, by how its checkout ended, as the ticker counts them live', () => {
    const figures = admissionFigures([
      ticket(3000), // still in checkout
      ticket(1000, 61_000, 'completed'),
      ticket(2000, 32_000, 'completed'),
      ticket(4000, 5000, 'left'),
      ticket(5000, 9000, 'token_expired'),
      ticket(6000, 7000, 'idle'),
      ticket(7000, 8000, 'cancelled'), // the event's cancel: neither completed nor abandoned
    ]);
    expect(figures).toMatchObject({ admittedTotal: 7, completed: 2, abandoned: 3 });
    expect(figures.recentAdmissions).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    // in the order they ended
    expect(figures.checkoutSeconds).toEqual([30, 60]);
  });

  it('keeps only the latest hundred times', () => {
    const figures = admissionFigures(Array.from({ length: 150 }, (_, i) => ticket(i, i + 1000, 'completed')));
    expect(figures.recentAdmissions).toHaveLength(100);
    expect(figures.recentAdmissions[0]).toBe(50);
    expect(figures.checkoutSeconds).toHaveLength(100);
  });
});

import { describe, expect, it } from 'vitest';
import { seatState, type SeatRecord } from '../../lib/records/seat.js';
import { eventStatus, wordsOf } from '../../catalog/eventRules.js';
import { parseSettings } from '../../catalog/eventSettings.js';
import { waitKeyOf } from '../../lib/records/ticket.js';
import type { ApiError } from '../../lib/errors.js';
import { EventPatch } from '../../lib/wire/organizer.js';
import { checkBody } from '../../resources/http/validate.js';

const seat = (over: Partial<SeatRecord>): SeatRecord => ({
  id: 'e:0-1-1',
  eventId: 'e',
  section: 'A',
  row: 1,
  number: 1,
  status: 'available',
  holdId: null,
  heldUntil: null,
  orderId: null,
  ...over,
});

describe('seatState', () => {
  it('counts a lapsed hold as available before any sweeper runs', () => {
    expect(seatState(seat({ status: 'held', heldUntil: 1000 }), 999)).toBe('held');
    expect(seatState(seat({ status: 'held', heldUntil: 1000 }), 1000)).toBe('available');
    expect(seatState(seat({ status: 'sold' }), 0)).toBe('sold');
  });
});

describe('eventStatus', () => {
  const event = { cancelled: false, onSaleAt: '2030-01-01T00:00:00Z', startsAt: '2030-02-01T00:00:00Z' };
  it('follows the calendar and the inventory', () => {
    expect(eventStatus(event, 10, Date.parse('2029-12-31T00:00:00Z'))).toBe('scheduled');
    expect(eventStatus(event, 10, Date.parse('2030-01-02T00:00:00Z'))).toBe('on_sale');
    expect(eventStatus(event, 0, Date.parse('2030-01-02T00:00:00Z'))).toBe('sold_out');
    expect(eventStatus(event, 10, Date.parse('2030-02-01T00:00:00Z'))).toBe('past');
    expect(eventStatus({ ...event, cancelled: true }, 10, 0)).toBe('cancelled');
  });
});

describe('wordsOf', () => {
  it('lower-cases and splits on anything but letters and digits', () => {
    expect(wordsOf('Beyoncé: Renaissance', 'AC/DC')).toEqual(['beyoncé', 'renaissance', 'ac', 'dc']);
  });
});

describe('parseSettings', () => {
  it('fills the defaults of API.md', () => {
    expect(parseSettings({})).toEqual({
      holdSeconds: 300,
      maxPerOrder: 8,
      offerSeconds: 300,
      waitingRoom: {
        maxActive: 200,
        admitPerMinute: 600,
        tokenSeconds: 600,
        prequeueMinutes: 30,
        checkoutIdleSeconds: 120,
        paused: false,
        challenge: 'none',
      },
    });
  });

  it('keeps the current values on a partial change', () => {
    const current = parseSettings({ holdSeconds: 60, waitingRoom: { maxActive: 50 } });
    const next = parseSettings({ waitingRoom: { admitPerMinute: 10 } }, current);
    expect(next.holdSeconds).toBe(60);
    expect(next.waitingRoom).toMatchObject({ maxActive: 50, admitPerMinute: 10 });
  });

  it('takes only checked values: out-of-range ones are 422, wrong types 400 (lib/wire schemas)', () => {
    const status = (body: Record<string, unknown>) => {
      try {
        parseSettings(checkBody(EventPatch, body));
        return 0;
      } catch (error) {
        return (error as ApiError).status;
      }
    };
    expect(status({ maxPerOrder: 0 })).toBe(422);
    expect(status({ maxPerOrder: 2.5 })).toBe(422);
    expect(status({ holdSeconds: '300' })).toBe(400);
    expect(status({ waitingRoom: [] })).toBe(400);
  });
});

describe('waitKeyOf', () => {
  it('sorts as strings in the order of the numbers', () => {
    const keys = [2, 10, 1_700_000_000_000_123, 9].map((n) => waitKeyOf('e', n));
    expect([...keys].sort()).toEqual([waitKeyOf('e', 2), waitKeyOf('e', 9), waitKeyOf('e', 10), waitKeyOf('e', 1_700_000_000_000_123)]);
  });
});

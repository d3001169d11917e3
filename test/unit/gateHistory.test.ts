import { describe, expect, it } from 'vitest';
import { forecast } from '../../queue/forecast.js';
import { etaRange } from '../../queue/line.js';

describe('forecast', () => {
  it('says when the line clears and the seats sell out from the measured rates', () => {
    expect(forecast(120, 2, { available: 250, held: 50 }, 60)).toEqual({ queueClearsInSeconds: 60, sellsOutInSeconds: 300 });
  });
  it('is null where nothing measured says, and zero when already there', () => {
    expect(forecast(10, 0, { available: 50, held: 0 }, 0)).toEqual({ queueClearsInSeconds: null, sellsOutInSeconds: null });
    expect(forecast(0, 0, { available: 0, held: 0 }, 0)).toEqual({ queueClearsInSeconds: 0, sellsOutInSeconds: 0 });
  });
  it('does not call seats that are only held sold out', () => {
    expect(forecast(0, 0, { available: 0, held: 4 }, 0).sellsOutInSeconds).toBeNull();
  });
});

describe('etaRange', () => {
  it('spans the slower and the faster measured rate, widened by the estimate error', () => {
    // 99 ahead: the 100th to go; at 2/s 50 s, at 1/s 100 s
    expect(etaRange(99, [2, 1])).toEqual([40, 125]);
  });
  it('is null without a rate', () => {
    expect(etaRange(5, [0, 0])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { eventOfId, fanId } from '../../lib/records/ids.js';

describe('fan-facing ids', () => {
  it('name their event, whatever characters the event id and the secret use', () => {
    for (const eventId of ['e-AbC_12-xY9', 'e-x', 'e--_-']) {
      for (const kind of ['t', 'h', 'o', 'w'] as const) {
        expect(eventOfId(fanId(kind, eventId, 'V1StGXR8_Z5jdHi6B-myT'))).toBe(eventId);
        expect(fanId(kind, eventId, 'secret').startsWith(`${kind}-`)).toBe(true);
      }
    }
  });

  it('name no event when made before ids carried one', () => {
    expect(eventOfId('h-V1StGXR8_Z5jdHi6B-myT')).toBeNull();
    expect(eventOfId('t-cZI78bcRpJukf5osd9JF3XfE1YdsU_tV')).toBeNull();
    expect(eventOfId('')).toBeNull();
  });
});

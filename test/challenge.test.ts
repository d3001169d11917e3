// The waiting room's proof-of-work challenge (waitingRoom.challenge
// "proof_of_work"): a join needs a solved challenge, once, for its event,
// before it expires; forged and missing ones are 403 challenge_failed.
import { solveChallenge } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ env: { TICKETING_CHALLENGE_SECONDS: '8' } });

/** A challenge for the event, solved as the fan page's worker solves it. */
async function solved(eventId: string, change: (payload: Record<string, unknown>) => void = () => undefined): Promise<string> {
  const answer = await suite.api.get(`/queue/challenge?eventId=${eventId}`);
  expect(answer.status).toBe(200);
  const { algorithm, challenge, maxnumber, salt, signature } = answer.body;
  const solution = await solveChallenge(challenge, salt, algorithm, maxnumber).promise;
  const payload = { algorithm, challenge, number: solution?.number, salt, signature, took: solution?.took };
  change(payload);
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

function expectFailed(answer: { status: number; body: any }) {
  expect([answer.status, answer.body.error]).toEqual([403, 'challenge_failed']);
}

describe('proof-of-work challenge', () => {
  it('lets a solved challenge join once, and refuses missing, reused, forged, misdirected and expired ones', async () => {
    const { api } = suite;
    const event = await api.createEvent({ event: { waitingRoom: { challenge: 'proof_of_work' } } });
    const other = await api.createEvent({ event: { waitingRoom: { challenge: 'proof_of_work' } } });
    expect((await api.get(`/events/${event.id}`)).body.waitingRoom.challenge).toBe('proof_of_work');
    const join = (challenge?: string) => api.post('/queue/', { eventId: event.id, ...(challenge ? { challenge } : {}) });

    expectFailed(await join());
    const good = await solved(event.id);
    const joined = await join(good);
    expect([joined.status, joined.body.error]).toEqual([201, undefined]);
    expectFailed(await join(good));
    expectFailed(await join(await solved(event.id, (p) => (p.number = Number(p.number) + 1))));
    expectFailed(await join(await solved(event.id, (p) => (p.signature = 'f'.repeat(64)))));
    expectFailed(await join(await solved(other.id)));
    expectFailed(await join('not even base64 json'));
    const late = await solved(event.id);
    await new Promise((resolve) => setTimeout(resolve, 9000));
    expectFailed(await join(late));
  });

  it('refuses a challenge setting it does not know, and a challenge asked without an event', async () => {
    const { api } = suite;
    const wrong = await api.createEvent({ event: { waitingRoom: { challenge: 'captcha' } } }).catch((error: Error) => error.message);
    expect(wrong).toMatch(/^event: 422 /);
    for (const path of ['/queue/challenge', '/queue/challenge?eventId=']) {
      const answer = await api.get(path);
      expect([answer.status, answer.body.error]).toEqual([422, 'invalid']);
    }
    expect((await api.get('/queue/challenge?eventId=e-nope')).status).toBe(404);
  });

  it('asks nothing of an event without it', async () => {
    const event = await suite.api.createEvent();
    expect((await suite.api.post('/queue/', { eventId: event.id })).status).toBe(201);
  });
});

// 200 admitted fans spread over the three nodes of a cluster race for the
// seats of one event, each fan sending every call to its own node. Every
// change is carried out by the event's owner, so no seat may be claimed by
// two successful holds, and every node's replicated copy of the seats must
// agree with the winners. The negative control runs the same race on a
// cluster where every node acts as the owner (nothing forwarded): replication
// is last writer wins, so it must find a seat held twice.
import { describe, expect, it } from 'vitest';
import { doubleClaims, randomSeatPair } from './client.js';
import { type Cluster, clusterForSuite, visibleOnEveryNode } from './cluster.js';

const FANS = 200;
const ROWS = 5;
const PER_ROW = 10;

/** Every fan joins, is admitted and asks for two random seats through its own node, all at once. */
async function raceAcross(cluster: Cluster) {
  const event = await cluster.apis[0].createEvent({
    sections: [{ name: 'Main', rows: ROWS, seatsPerRow: PER_ROW }],
    event: { waitingRoom: { admitPerMinute: 100_000, maxActive: FANS }, owner: 'node-1' },
  });
  await visibleOnEveryNode(cluster, event.id);
  const fans = Array.from({ length: FANS }, (_, i) => cluster.apis[i % cluster.apis.length]);
  const joined = await Promise.all(fans.map((api) => api.post('/queue/', { eventId: event.id })));
  const admitted = await Promise.all(joined.map((ticket, i) => fans[i].waitForAdmission(ticket.body.ticketId, 60_000)));
  const answers = await Promise.all(
    admitted.map((ticket, i) => fans[i].hold(ticket.token, { seatIds: randomSeatPair(event.id, ROWS, PER_ROW) })),
  );
  const unexpected = answers.filter((answer) => answer.status !== 201 && answer.status !== 409);
  expect(
    unexpected.map((answer) => [answer.status, answer.body]),
    'every hold is won or lost',
  ).toEqual([]);
  const winners: { holdId: string; seatIds: string[] }[] = answers
    .filter((answer) => answer.status === 201)
    .map((answer) => ({ holdId: answer.body.holdId as string, seatIds: answer.body.seats.map((seat: { id: string }) => seat.id) }));
  return { eventId: event.id, winners };
}

describe('across a cluster, every change carried out by the owner', () => {
  const cluster = clusterForSuite(3);

  it("never lets two fans hold one seat, and every node ends with the winners' seats", async () => {
    const { eventId, winners } = await raceAcross(cluster);
    expect(winners.length).toBeGreaterThan(0);
    expect(doubleClaims(winners.map(({ seatIds }) => seatIds))).toEqual([]);
    const holderOf = new Map(winners.flatMap(({ holdId, seatIds }) => seatIds.map((id) => [id, holdId] as const)));
    for (const api of cluster.apis) {
      const deadline = Date.now() + 5000;
      let disagreeing: string[] = [];
      do {
        const seats: { id: string; holdId: string | null }[] = await api.records('Seat', 'eventId', eventId);
        disagreeing = seats.filter((seat) => (holderOf.get(seat.id) ?? null) !== seat.holdId).map((seat) => seat.id);
        if (!disagreeing.length) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < deadline);
      expect(disagreeing, 'seats whose holder differs from the winners').toEqual([]);
    }
  });
});

describe('negative control: the same race where every node acts as the owner', () => {
  const cluster = clusterForSuite(3, () => ({ env: { TICKETING_UNSAFE_EVERY_NODE_OWNS: '1' } }));

  it('finds a seat held twice', async () => {
    const { winners } = await raceAcross(cluster);
    expect(doubleClaims(winners.map(({ seatIds }) => seatIds)).length).toBeGreaterThan(0);
  });
});

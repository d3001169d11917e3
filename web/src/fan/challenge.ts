// An event's bot challenge (waitingRoom.challenge "proof_of_work"), solved in
// a Web Worker while the fan reads the event page, so "Get tickets" rarely
// waits for it. A solution is taken by one join; the next join solves anew.
import { api, type EventDetail } from '../shared/api.js';

type Challenge = { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };

const solving = new Map<string, Promise<string | undefined>>();

function solve(eventId: string): Promise<string | undefined> {
  return api.get<Challenge>(`/queue/challenge?eventId=${encodeURIComponent(eventId)}`).then(
    (challenge) =>
      new Promise((resolve) => {
        const worker = new Worker('/challenge-worker.js', { type: 'module' });
        worker.onmessage = ({ data }) => {
          worker.terminate();
          resolve(typeof data === 'string' ? data : undefined);
        };
        worker.onerror = () => {
          worker.terminate();
          resolve(undefined); // the join then says what is missing
        };
        worker.postMessage(challenge);
      }),
    () => undefined,
  );
}

/** Starts solving the event's challenge, if it asks for one. */
export function startSolving(event: EventDetail): void {
  if (event.waitingRoom.challenge === 'proof_of_work' && !solving.has(event.id)) solving.set(event.id, solve(event.id));
}

/** The solved challenge for a join (undefined when the event asks none). */
export function takeSolution(event: EventDetail): Promise<string | undefined> {
  if (event.waitingRoom.challenge !== 'proof_of_work') return Promise.resolve(undefined);
  const solution = solving.get(event.id) ?? solve(event.id);
  solving.delete(event.id);
  return solution;
}

// An event's bot challenge (waitingRoom.challenge "proof_of_work"), solved in
// a Web Worker while the fan reads the event page, so "Get tickets" rarely
// waits for it. A solution is taken by one join; the next join solves anew.
import { api, type EventDetail } from '../shared/api.js';

type Challenge = { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };

/** a solution older than this may have expired (the server keeps a challenge 10 minutes by default): solved anew */
const FRESH_MS = 5 * 60_000;

const solving = new Map<string, { at: number; solution: Promise<string | undefined> }>();

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
  const started = solving.get(event.id);
  if (event.waitingRoom.challenge === 'proof_of_work' && !(started && Date.now() - started.at < FRESH_MS)) {
    solving.set(event.id, { at: Date.now(), solution: solve(event.id) });
  }
}

/** The solved challenge for a join (undefined when the event asks none). */
export function takeSolution(event: EventDetail): Promise<string | undefined> {
  if (event.waitingRoom.challenge !== 'proof_of_work') return Promise.resolve(undefined);
  const started = solving.get(event.id);
  solving.delete(event.id);
  return started && Date.now() - started.at < FRESH_MS ? started.solution : solve(event.id);
}

// The waiting room's bot challenge (waitingRoom.challenge "proof_of_work"):
// a join must carry a solved ALTCHA proof of work (altcha-lib, its v1
// scheme: find the number whose SHA-256 with the challenge's salt is the
// challenge). Solving costs a browser a second or two of one core, which a
// fan spends reading the event page and a bot spends on every join;
// checking costs the server one hash and one HMAC. The challenge names its
// event and expires; each solution is taken once (UsedChallenge, kept until
// it would have expired anyway). In a cluster the record of a used solution
// replicates in milliseconds: a solution sent to two nodes at once may pass
// on both.
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { ApiError } from '../lib/errors.js';
import { journal } from '../lib/journal.js';
import { lockKey, withLocks } from '../lib/locks.js';
import { tables } from '../lib/tables.js';
import { keyedHash } from './appKey.js';

// TICKETING_CHALLENGE_SECONDS: how long a challenge may be solved and used
// (README), at most as long as UsedChallenge keeps a used one (schema.graphql)
const KEPT_S = 900;
const EXPIRES_MS = Math.min(KEPT_S, Number(process.env.TICKETING_CHALLENGE_SECONDS ?? 600)) * 1000;
/** the answer is drawn from 0 to this: about 50,000 hashes to find on average */
const MAX_NUMBER = 100_000;

type Challenge = Awaited<ReturnType<typeof createChallenge>>;

const hmacKey = () => keyedHash('altcha-challenge');

export async function newChallenge(eventId: string): Promise<Challenge> {
  return createChallenge({
    hmacKey: await hmacKey(),
    maxNumber: MAX_NUMBER,
    expires: new Date(Date.now() + EXPIRES_MS),
    params: { eventId },
  });
}

function failed(eventId: string, reason: string, message: string): ApiError {
  journal.challengeFailed(eventId, reason);
  return new ApiError(403, 'challenge_failed', message);
}

/** Takes a solution for a join to `eventId`, once; 403 challenge_failed when missing, wrong, expired, for another event or used. */
export async function takeSolution(eventId: string, solution: string | null | undefined): Promise<void> {
  if (!solution) throw failed(eventId, 'missing', 'This waiting room asks for a solved challenge: GET /queue/challenge?eventId= first.');
  let signature: string;
  let params: Record<string, string>;
  try {
    signature = String(JSON.parse(Buffer.from(solution, 'base64').toString('utf8')).signature);
    params = extractParams(solution);
  } catch {
    throw failed(eventId, 'unreadable', 'The challenge solution cannot be read.');
  }
  // checks the signature, the answer and the expiry
  if (!(await verifySolution(solution, await hmacKey(), true).catch(() => false))) {
    throw failed(eventId, 'wrong', 'The challenge solution is wrong or has expired: ask for a new one.');
  }
  if (params.eventId !== eventId) throw failed(eventId, 'other_event', 'This challenge was given for another event.');
  await withLocks([lockKey.named(`challenge:${signature}`)], async (ctx) => {
    if (await tables.UsedChallenge.get(signature, ctx))
      throw failed(eventId, 'reused', 'This challenge was used already: ask for a new one.');
    await tables.UsedChallenge.put({ id: signature }, ctx);
  });
}

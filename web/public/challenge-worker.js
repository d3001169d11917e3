// Solves a waiting room's proof-of-work challenge off the page's thread
// (web/src/fan/challenge.ts), with altcha-lib's v1 solver served from
// /vendor/altcha/ (scripts/build-web.mjs). Answers the payload a join carries,
// or null when no answer was found.
import { solveChallenge } from '/vendor/altcha/index.js';

self.onmessage = async ({ data }) => {
  const { algorithm, challenge, maxnumber, salt, signature } = data;
  const solution = await solveChallenge(challenge, salt, algorithm, maxnumber).promise;
  const payload = solution && { algorithm, challenge, number: solution.number, salt, signature, took: solution.took };
  self.postMessage(payload ? btoa(JSON.stringify(payload)) : null);
};

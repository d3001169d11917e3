// Signed admission tokens: proof that the waiting room let this ticket in to
// buy seats for this event until the token's expiry. HS256 with the
// application's key (appKey.ts), so a token stays valid across restarts, on
// every worker thread, and on every node of a cluster when its event moves.
import { SignJWT, jwtVerify, errors } from 'jose';
import { webcrypto } from 'node:crypto';
import { unauthorized } from '../lib/errors.js';
import { appKey } from './appKey.js';

const ISSUER = 'fair-ticketing';

export interface AdmissionClaims {
  eventId: string;
  ticketId: string;
  expiresAt: number;
}

let key: Promise<webcrypto.CryptoKey> | undefined;

// Imported once: given the key's bytes, jose would import them again for
// every token it signs or checks, about doubling the CPU a token costs.
function signingKey(): Promise<webcrypto.CryptoKey> {
  key ??= appKey()
    .then((bytes) => webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']))
    .catch((error) => {
      key = undefined;
      throw error;
    });
  return key;
}

export async function signAdmission(claims: AdmissionClaims): Promise<string> {
  return new SignJWT({ evt: claims.eventId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.ticketId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(claims.expiresAt / 1000))
    .sign(await signingKey());
}

// A fan sends the same token with every hold: remember tokens already
// verified (until they expire) instead of checking the signature each time.
const verified = new Map<string, AdmissionClaims>();
const MAX_REMEMBERED = 10_000;

/**
 * The event a token says it is for, unverified: only to route the call to the
 * event's owner, which verifies the token. Null when it is not a token at all.
 */
export function eventOfToken(token: string | undefined): string | null {
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof claims?.evt === 'string' ? claims.evt : null;
  } catch {
    return null;
  }
}

/** The token's claims, or a 401 saying what is wrong with it. */
export async function verifyAdmission(token: string | null | undefined): Promise<AdmissionClaims> {
  if (!token) throw unauthorized('token_missing', 'An Admission-Token header is required: join the queue first.');
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known;
  const claims = await verifySignature(token);
  if (verified.size >= MAX_REMEMBERED) verified.delete(verified.keys().next().value as string);
  verified.set(token, claims);
  return claims;
}

async function verifySignature(token: string): Promise<AdmissionClaims> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof payload.evt !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
      throw unauthorized('token_invalid', 'The admission token is not valid.');
    }
    return { eventId: payload.evt, ticketId: payload.sub, expiresAt: payload.exp * 1000 };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw unauthorized('token_expired', 'Your admission token has expired: rejoin the queue.');
    }
    if (error instanceof errors.JOSEError) throw unauthorized('token_invalid', 'The admission token is not valid.');
    throw error;
  }
}

// Organizer sign-in with Harper credentials, sent as Basic auth on every
// call. They stay in this tab only (sessionStorage) and are checked against
// an organizer-only endpoint before the dashboard opens.
import { ApiError, request } from '../shared/api.js';

const KEY = 'fair-ticketing:organizer';

export interface Session {
  username: string;
  authorization: string;
}

export function currentSession(): Session | undefined {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

function basic(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * Checks the credentials. API.md has no "who am I" call, so this sends an
 * empty venue to POST /venues/: organizers get a validation error (bad input
 * never changes stored data), others 401 or 403 before the body is read.
 */
export async function signIn(username: string, password: string): Promise<Session> {
  const authorization = basic(username, password);
  try {
    await request('POST', '/venues/', { body: {}, headers: { Authorization: authorization } });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) throw new ApiError(401, 'bad_credentials', 'That user name and password do not match a Harper user.');
    if (error.status === 403)
      throw new ApiError(403, 'forbidden', 'This user is not an organizer. Ask an administrator for the organizer role.');
    if (error.status === 0 || error.status >= 500) throw error;
    // 400/422: the credentials were accepted and the empty venue refused, as intended
  }
  const session = { username, authorization };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

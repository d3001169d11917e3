// Errors in words an organizer can act on: the server's own messages are
// written for people (API.md); a refused sign-in says to sign in again.
import { ApiError } from '../shared/api.js';

export function plain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401 && error.code !== 'bad_credentials') return 'Your sign-in is no longer accepted. Sign in again.';
    return error.message;
  }
  return 'Something went wrong in this page. Reload it and try again.';
}

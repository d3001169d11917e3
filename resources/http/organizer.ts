// Who is an organizer: a Harper super user, or a user with the role
// `organizer` (roles.yaml). The one check for HTTP calls and MQTT topics.
import { ApiError, forbidden } from '../../lib/errors.js';

export interface RequestUser {
  username?: string;
  role?: { role?: string; permission?: { super_user?: boolean } };
}

export function isOrganizer(user: RequestUser | undefined): boolean {
  return Boolean(user?.role?.permission?.super_user || user?.role?.role === 'organizer');
}

/** 401 without credentials, 403 for a user who is not an organizer. */
export function requireOrganizer(user: RequestUser | undefined): void {
  if (!user) {
    throw new ApiError(
      401,
      'unauthorized',
      'Organizer calls need credentials (Basic auth or a Harper token).',
      {},
      {
        'WWW-Authenticate': 'Basic realm="organizer"',
      },
    );
  }
  if (!isOrganizer(user)) throw forbidden('forbidden', 'Only organizers may do this.');
}

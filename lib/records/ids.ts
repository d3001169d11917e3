// Ids handed to fans (queue ticket, hold, order, waitlist entry) name the
// event they belong to, so a call on one can be routed to the event's owner
// without a lookup: `<kind>-<eventId>~<secret>`. The secret part alone makes
// the id unguessable. Ids made before this form have no `~` and name no event.

export type IdKind = 't' | 'h' | 'o' | 'w';

/** A fan-facing id of `kind` for an event, ending in `secret` (random, or derived from a secret key). */
export function fanId(kind: IdKind, eventId: string, secret: string): string {
  return `${kind}-${eventId}~${secret}`;
}

/** The event a fan-facing id names, or null for an id of the older form. */
export function eventOfId(id: string): string | null {
  const end = id.lastIndexOf('~');
  return end > 2 && id[1] === '-' ? id.slice(2, end) : null;
}

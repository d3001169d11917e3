// The draw a fan can check: during the pre-queue the page shows (and keeps)
// the commitment, the SHA-256 of the seed; once the fan's place was drawn it
// says so, with the command that checks the draw against that commitment
// (scripts/verify-draw.mjs, in the repository).
import { api } from '../shared/api.js';
import { h, notice } from '../shared/dom.js';

const KEY = 'fair-ticketing:commitment:';

interface DrawSummary {
  commitment: string | null;
  drawnAt?: string;
}

/** The commitment as first seen by this browser (before the draw, if the fan was in the pre-queue). */
async function commitmentOf(eventId: string): Promise<string | null> {
  try {
    const kept = localStorage.getItem(KEY + eventId);
    if (kept) return kept;
  } catch {
    // no storage: read it again
  }
  const draw = await api.get<DrawSummary>(`/draws/${encodeURIComponent(eventId)}?limit=0`);
  if (draw.commitment && !draw.drawnAt) {
    try {
      localStorage.setItem(KEY + eventId, draw.commitment);
    } catch {
      // shown, not kept
    }
  }
  return draw.commitment;
}

/** Before the draw: the commitment the fan can note down. */
export async function commitmentNotice(eventId: string): Promise<HTMLElement | undefined> {
  const commitment = await commitmentOf(eventId).catch(() => null);
  if (!commitment) return undefined;
  return h(
    'p',
    { className: 'hint draw-commitment', 'data-testid': 'draw-commitment' },
    'The draw is fixed in advance: its seed hashes to ',
    h('code', {}, commitment),
    '. After the draw the seed is published and anyone can check it.',
  );
}

/** The fan's entry in the draw: the SHA-256 of the ticket id, which is a secret and stays off the screen. */
async function entryOf(ticketId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ticketId));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** After the draw: "drawn fairly", with the check. */
export async function drawnFairlyNotice(eventId: string, ticketId: string): Promise<HTMLElement> {
  const commitment = await commitmentOf(eventId).catch(() => null);
  const entry = await entryOf(ticketId);
  const command =
    `node scripts/verify-draw.mjs ${location.origin} ${eventId} --entry ${entry}` + (commitment ? ` --commitment ${commitment}` : '');
  return notice(
    'success',
    h('strong', {}, 'Your place was drawn fairly: check it. '),
    'Everyone who joined before the sale was put in a random order from a seed fixed in advance',
    commitment ? [' (its hash: ', h('code', {}, commitment), ')'] : '',
    '. The draw and its seed are public at ',
    h('a', { href: `/draws/${encodeURIComponent(eventId)}` }, `/draws/${eventId}`),
    '; this command, from the project’s repository, recomputes it and prints your place:',
    h('pre', { 'data-testid': 'verify-command' }, h('code', {}, command)),
  );
}

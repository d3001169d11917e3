// The real-time topics (API.md): notifications/{secret id} and
// availability/{eventId}, over MQTT, WebSocket and Server-Sent Events.
// Only the application publishes; fans subscribe to what their secret ids
// open. A new subscriber first gets the current state (messages themselves
// are not stored), then every message.
import { tableClass } from '../lib/harper.js';
import { forbidden, notFound } from '../lib/errors.js';
import { readTicketHere, readTicketMessage, ticketMessage } from '../queue/waitingRoom.js';
import { eventOfId } from '../lib/records/ids.js';
import { forward, ownerElsewhere } from './http/forward.js';
import { currentMessage, entryMessage } from '../checkout/waitlist.js';
import { availabilityMessage, type Subscription, watchPosition } from '../realtime/notifier.js';
import { getEvent } from '../catalog/events.js';
import { isOrganizer, type RequestUser } from './http/organizer.js';

interface Target {
  id?: unknown;
  isCollection?: boolean;
}

interface Context {
  user?: RequestUser;
}

/** Wildcards only for organizers; otherwise an id whose current state exists. */
async function openTopic(
  context: Context | undefined,
  target: Target,
  current: (id: string) => Promise<Record<string, unknown> | undefined>,
) {
  const id = target?.id == null ? '' : String(target.id);
  if (target?.isCollection || !id) {
    if (!isOrganizer(context?.user)) throw forbidden('forbidden', 'Only organizers may subscribe to every topic.');
    return undefined;
  }
  const first = await current(id);
  if (!first) throw notFound('topic');
  return { id, first };
}

function readOnly(): never {
  throw forbidden('read_only', 'These topics are published by the ticketing service only.');
}

type Opened = { id: string; first: Record<string, unknown>; subscription: Subscription };

function topicClass(
  table: ReturnType<typeof tableClass>,
  current: (id: string) => Promise<Record<string, unknown> | undefined>,
  onOpen: (opened: Opened) => void = () => undefined,
) {
  return class extends table {
    static loadAsInstance = false;
    async subscribe(target: Target) {
      const opened = await openTopic(this.getContext(), target, current);
      const subscription = await super.subscribe(target);
      if (opened) {
        subscription.send({ id: opened.id, type: 'message', value: opened.first });
        onOpen({ ...opened, subscription });
      }
      return subscription;
    }
    get() {
      return readOnly();
    }
    put() {
      return readOnly();
    }
    patch() {
      return readOnly();
    }
    post() {
      return readOnly();
    }
    delete() {
      return readOnly();
    }
    publish() {
      return readOnly();
    }
  };
}

const NO_HEADERS = { get: () => undefined };

/**
 * The state of a ticket or waitlist entry as a message, read on the event's
 * owner, or from this node's copy where that can answer (`readCopy`); what
 * happens next reaches every node's subscribers as published messages.
 */
function stateReader<View>(
  path: string,
  readHere: (id: string) => Promise<Message | undefined>,
  asMessage: (view: View) => Message,
  readCopy: (id: string) => Promise<Message | undefined> = async () => undefined,
) {
  return async (id: string): Promise<Message | undefined> => {
    const owner = await ownerElsewhere(eventOfId(id), NO_HEADERS);
    if (!owner) return readHere(id);
    const copy = await readCopy(id);
    if (copy) return copy;
    const answer = await forward(owner, { method: 'GET', url: `/${path}/${encodeURIComponent(id)}`, headers: NO_HEADERS });
    return answer.status === 200 && answer.body ? asMessage(JSON.parse(answer.body.toString('utf8')) as View) : undefined;
  };
}

type Message = Record<string, unknown>;
const ticketState = stateReader('queue', readTicketMessage, ticketMessage, async (id) => {
  const copy = await readTicketHere(id);
  return copy ? ticketMessage(copy) : undefined;
});
const entryState = stateReader('waitlist', currentMessage, entryMessage);

async function notificationState(id: string): Promise<Message | undefined> {
  if (id.length < 20) return undefined; // secret ids are long; short ones are guesses
  return id.startsWith('t-') ? ticketState(id) : entryState(id);
}

async function availabilityState(eventId: string): Promise<Record<string, unknown> | undefined> {
  return (await getEvent(eventId)) ? availabilityMessage(eventId) : undefined;
}

export const NotificationsTopic = topicClass(tableClass('Notification'), notificationState, ({ id, first, subscription }) => {
  if (id.startsWith('t-')) watchPosition(id, subscription, first, ticketState);
});
export const AvailabilityTopic = topicClass(tableClass('Availability'), availabilityState);

// The real-time topics (API.md): notifications/{secret id} and
// availability/{eventId}, over MQTT, WebSocket and Server-Sent Events.
// Only the application publishes; fans subscribe to what their secret ids
// open. A new subscriber first gets the current state (messages themselves
// are not stored), then every message.
import { tableClass } from '../lib/harper.js';
import { forbidden, notFound } from '../lib/errors.js';
import { readTicketMessage } from '../queue/waitingRoom.js';
import { currentMessage } from '../checkout/waitlist.js';
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

async function notificationState(id: string): Promise<Record<string, unknown> | undefined> {
  if (id.length < 20) return undefined; // secret ids are long; short ones are guesses
  return (await readTicketMessage(id)) ?? (await currentMessage(id));
}

async function availabilityState(eventId: string): Promise<Record<string, unknown> | undefined> {
  return (await getEvent(eventId)) ? availabilityMessage(eventId) : undefined;
}

export const NotificationsTopic = topicClass(tableClass('Notification'), notificationState, ({ id, first, subscription }) => {
  if (id.startsWith('t-')) watchPosition(id, subscription, first, readTicketMessage);
});
export const AvailabilityTopic = topicClass(tableClass('Availability'), availabilityState);

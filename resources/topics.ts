// The real-time topics (API.md): notifications/{secret id} and
// availability/{eventId}, over MQTT, WebSocket and Server-Sent Events.
// Only the application publishes; fans subscribe to what their secret ids
// open. A new subscriber first gets the current state (messages themselves
// are not stored), then every message.
import harper from 'harperdb';
import { readTicketMessage } from '../queue/waitingRoom.js';
import { currentMessage } from '../checkout/waitlist.js';
import { availabilityMessage, watchPosition } from '../realtime/notifier.js';
import { getEvent } from '../catalog/events.js';

interface Target {
  id?: unknown;
  isCollection?: boolean;
}

interface Context {
  user?: { role?: { role?: string; permission?: { super_user?: boolean } } };
}

function refused(status: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode: status });
}

function isOrganizer(context: Context | undefined): boolean {
  const role = context?.user?.role;
  return Boolean(role?.permission?.super_user || role?.role === 'organizer');
}

/** Wildcards only for organizers; otherwise an id whose current state exists. */
async function openTopic(resource: any, target: Target, current: (id: string) => Promise<Record<string, unknown> | undefined>) {
  const context = resource.getContext() as Context;
  const id = target?.id == null ? '' : String(target.id);
  if (target?.isCollection || !id) {
    if (!isOrganizer(context)) throw refused(403, 'Only organizers may subscribe to every topic.');
    return undefined;
  }
  const first = await current(id);
  if (!first) throw refused(404, 'No such topic.');
  return { id, first };
}

function readOnly(): never {
  throw refused(403, 'These topics are published by the ticketing service only.');
}

type Opened = { id: string; first: Record<string, unknown>; subscription: any };

function topicClass(
  table: any,
  current: (id: string) => Promise<Record<string, unknown> | undefined>,
  onOpen: (opened: Opened) => void = () => undefined,
) {
  return class extends table {
    static loadAsInstance = false;
    async subscribe(target: Target) {
      const opened = await openTopic(this, target, current);
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

// the tables themselves (not lib/harper.ts's plain-record view) are what a topic class extends
const { tables } = harper as any;
export const NotificationsTopic = topicClass(tables.Notification, notificationState, ({ id, first, subscription }) => {
  if (id.startsWith('t-')) watchPosition(id, subscription, first, readTicketMessage);
});
export const AvailabilityTopic = topicClass(tables.Availability, availabilityState);

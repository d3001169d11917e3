// Every 4xx and 5xx answer in the API's shape {error, message}. Ours already
// are; Harper's own are not: a failed login answers {"error": "Login failed"},
// a method a path lacks names the class behind it ("ClientError: The
// QueueResource does not have a put method"). Those are replaced by a code
// for their status and a message that names nothing internal.

interface HeaderBag {
  get(name: string): unknown;
  set(name: string, value: string): void;
}
export interface GuardedResponse {
  status?: number;
  headers?: HeaderBag | Record<string, string> | [string, string][];
  body?: unknown;
}

/**
 * The answer's headers as something to get from and set on: Harper takes a
 * Headers, an array of [name, value] pairs (our prepared answers) or a plain object.
 */
export function headerBag(response: GuardedResponse): HeaderBag {
  const headers = response.headers ?? (response.headers = {});
  if (typeof (headers as HeaderBag).get === 'function') return headers as HeaderBag;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(headers)) {
    const pairs = headers as [string, string][];
    return {
      get: (name) => pairs.find(([key]) => same(key, name))?.[1],
      set: (name, value) => {
        const at = pairs.findIndex(([key]) => same(key, name));
        if (at >= 0) pairs[at] = [name, value];
        else pairs.push([name, value]);
      },
    };
  }
  const plain = headers as Record<string, string>;
  return {
    get: (name) => Object.entries(plain).find(([key]) => same(key, name))?.[1],
    set: (name, value) => {
      for (const key of Object.keys(plain)) if (same(key, name)) delete plain[key];
      plain[name] = value;
    },
  };
}

const CODES: Record<number, [string, string]> = {
  400: ['bad_request', 'The request could not be understood.'],
  401: ['unauthorized', 'These credentials are not accepted.'],
  403: ['forbidden', 'This call is not allowed with these credentials.'],
  404: ['not_found', 'Nothing is here.'],
  405: ['method_not_allowed', 'This path does not take that method.'],
  413: ['body_too_large', 'The request body is too large.'],
  415: ['unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).'],
  500: ['internal', 'Something went wrong on our side; try again.'],
  501: ['not_implemented', 'This path does not take that method.'],
  503: ['busy', 'The server is busy; try again shortly.'],
};

function parsed(body: unknown): unknown {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return undefined;
  try {
    return JSON.parse(body.toString());
  } catch {
    return undefined;
  }
}

function ours(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { error, message } = value as Record<string, unknown>;
  return typeof error === 'string' && typeof message === 'string' && /^[a-z_]+$/.test(error);
}

export function errorShape(response: GuardedResponse, status: number): GuardedResponse {
  const body = response.body;
  // a body that is neither text nor bytes (a stream) is left as it is
  if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) return response;
  if (ours(parsed(body))) return response;
  const [error, message] = CODES[status] ?? (status < 500 ? CODES[400] : CODES[500]);
  const headers = headerBag(response);
  headers.set('Content-Type', 'application/json');
  return { ...response, status, body: JSON.stringify({ error, message }) };
}

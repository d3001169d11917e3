// An endpoint's answer as Harper takes it: the `headers` key must be there, even empty.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  data?: unknown;
  /** bytes sent as they are (Harper would serialize `data`) */
  body?: Buffer;
}

export const reply = (status: number, data?: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers, data });

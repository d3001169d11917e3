// The one error type of the application: it carries the HTTP status and the
// `{error, message}` body of API.md, plus any extra fields (e.g. conflicts).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** Harper reads an error's status from here (e.g. to refuse an MQTT subscription). */
  get statusCode(): number {
    return this.status;
  }

  body(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) => new ApiError(400, 'bad_request', message, extra);
export const invalid = (message: string, extra?: Record<string, unknown>) => new ApiError(422, 'invalid', message, extra);
export const notFound = (what: string) => new ApiError(404, 'not_found', `No ${what} with that id.`);
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) => new ApiError(409, code, message, extra);
export const unauthorized = (code: string, message: string) => new ApiError(401, code, message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const busy = (message: string) => new ApiError(503, 'busy', message, {}, { 'Retry-After': '1' });

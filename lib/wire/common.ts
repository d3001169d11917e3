// Building blocks of the wire schemas (API.md): the shapes the API takes in
// and gives out, declared once with TypeBox. resources/ validates bodies
// against them (resources/http/validate.ts) and publishes them as OpenAPI
// (resources/openapi.ts); the domain and the browser use their static types.
//
// Two annotations of our own ride on string schemas and are applied before
// validation, as the API has always done: `x-trim` (surrounding spaces are
// dropped, so length limits count what is kept) and `x-lowercase`.
import { Type, type Static, type TSchema, type StringOptions } from '@sinclair/typebox';

/** A trimmed string that must keep at least one character. */
export const Text = (maxLength: number, options: StringOptions = {}) =>
  Type.String({ minLength: 1, maxLength, 'x-trim': true, ...options });

/** A trimmed string that may end up empty (an optional text: empty means "none"). */
export const OptionalText = (maxLength: number, options: StringOptions = {}) => Type.String({ maxLength, 'x-trim': true, ...options });

/** The value or null; in a request, null means the same as leaving the field out. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One of a list of strings. */
export const StringEnum = <T extends readonly string[]>(values: T, options: StringOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** An ISO-8601 time; in a request, any form with a date first is taken and normalized to UTC. */
export const DateTime = (options: StringOptions = {}) => Type.String({ format: 'date-time', ...options });

export const Int = (minimum: number, maximum: number, options: Record<string, unknown> = {}) =>
  Type.Integer({ minimum, maximum, ...options });

/** A count or an amount: a whole number, never negative. */
export const Count = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, ...options });

/** Money: integer cents. */
export const Cents = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 0, description: 'integer cents', ...options });

/** Every 4xx/5xx answer: a code, a sentence a person can act on, and where useful more fields. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'a stable code, e.g. bad_request, invalid, not_found, seats_unavailable' }),
    message: Type.String({ description: 'a sentence a person can act on' }),
    field: Type.Optional(Type.String({ description: 'the field (or header, or query value) at fault' })),
    fields: Type.Optional(Type.Array(Type.String(), { description: 'the fields that may not be sent here' })),
    conflicts: Type.Optional(Type.Array(Type.String(), { description: '409 seats_unavailable: the seats already taken' })),
    unknownSeats: Type.Optional(Type.Array(Type.String(), { description: 'seat ids that are not seats of the event' })),
    holdId: Type.Optional(Type.String({ description: "the ticket's active hold, when it already has one" })),
    status: Type.Optional(Type.String({ description: "409 hold_not_active: the hold's status" })),
    opensAt: Type.Optional(DateTime({ description: '409 not_on_sale: when the waiting room opens' })),
    waitlist: Type.Optional(Type.String({ description: '409 sold_out: the path of the waitlist' })),
    queue: Type.Optional(Type.String({ description: '409 seats_available: the path of the queue' })),
  },
  { additionalProperties: true },
);
export type ErrorBody = Static<typeof ErrorBody>;

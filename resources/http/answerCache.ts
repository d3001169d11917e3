// Answers prepared once and sent many times: the JSON bytes of a browse answer,
// its ETag, and its compressed forms (made on first demand), kept per worker
// thread in a cache bounded by entries and by bytes, least recently used out
// first. The domain says when an answer is still the same (its version:
// catalog/freshness.ts); this file only prepares, keeps, bounds and sends.
// Pure Node: no Harper here, so unit tests can call it.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Versioned } from '../../catalog/freshness.js';
import { ApiError } from '../../lib/errors.js';
import { LruCache } from '../../lib/lru.js';

/** Browse answers may be a second old at a browser or a CDN, and served a little staler while it revalidates. */
export const BROWSE_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=5';
/** Fans pick seats from the seat map: a shorter grace. */
export const SEATMAP_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=2';
/** Errors are not cached anywhere: a 404 may become a 200 the next second. */
const NO_STORE = 'no-store';

const COMPRESS_FROM_BYTES = 1024;

export interface PreparedAnswer {
  json: Buffer;
  /** weak: the compressed forms carry the same tag */
  etag: string;
  cacheControl: string;
  br?: Buffer;
  gzip?: Buffer;
}

export function prepare(data: unknown, cacheControl: string): PreparedAnswer {
  const json = Buffer.from(JSON.stringify(data));
  const hash = createHash('sha1').update(json).digest('base64url').slice(0, 22);
  return { json, etag: `W/"${hash}"`, cacheControl };
}

/** The bytes an entry may come to hold: its JSON plus room for its compressed forms. */
export function weightOf(answer: PreparedAnswer): number {
  return answer.json.length * 2 + 200;
}

/** Does an If-None-Match header name this tag? Weak comparison (RFC 9110), `*` matches any. */
export function matchesEtag(ifNoneMatch: string | undefined | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === wanted);
}

type Encoding = 'br' | 'gzip' | undefined;

/** Browsers send one of a few Accept-Encoding values: each is read once per thread. */
const chosen = new Map<string, Encoding>();
const MAX_CHOSEN = 1000;

/** The encoding to send: brotli, else gzip, else none, as Accept-Encoding allows. */
export function chooseEncoding(acceptEncoding: string | undefined | null): Encoding {
  if (!acceptEncoding) return undefined;
  if (chosen.has(acceptEncoding)) return chosen.get(acceptEncoding);
  const encoding = readAcceptEncoding(acceptEncoding);
  if (chosen.size >= MAX_CHOSEN) chosen.clear();
  chosen.set(acceptEncoding, encoding);
  return encoding;
}

function readAcceptEncoding(acceptEncoding: string): Encoding {
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (!q || Number(q.slice(2)) > 0) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

function encoded(answer: PreparedAnswer, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br') {
    return (answer.br ??= brotliCompressSync(answer.json, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 5,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: answer.json.length,
      },
    }));
  }
  return (answer.gzip ??= gzipSync(answer.json, { level: 6 }));
}

export interface SentAnswer {
  status: number;
  headers: Record<string, string>;
  /** the bytes as they go out: Harper sends a `body` as it is, where it would serialize `data` */
  body?: Buffer;
}

type RequestHeaders = { get(name: string): string | undefined | null };

/** 304 when the client has this answer already, else the bytes in the best encoding it accepts. */
export function send(answer: PreparedAnswer, request: RequestHeaders): SentAnswer {
  const headers: Record<string, string> = { ETag: answer.etag, 'Cache-Control': answer.cacheControl, Vary: 'Accept-Encoding' };
  if (matchesEtag(request.get('if-none-match'), answer.etag)) return { status: 304, headers };
  headers['Content-Type'] = 'application/json; charset=utf-8';
  const encoding = answer.json.length >= COMPRESS_FROM_BYTES ? chooseEncoding(request.get('accept-encoding')) : undefined;
  if (!encoding) return { status: 200, headers, body: answer.json };
  headers['Content-Encoding'] = encoding;
  return { status: 200, headers, body: encoded(answer, encoding) };
}

/** Runs a browse call; an error it throws is marked not to be cached by browsers or a CDN. */
export async function uncachedErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new ApiError(error.status, error.code, error.message, error.extra, { ...error.headers, 'Cache-Control': NO_STORE });
  }
}

/**
 * The prepared forms of one kind of answer (listings, event pages, seat maps),
 * by request key: reused while the domain's version of the answer is unchanged.
 */
export class PreparedAnswers {
  private readonly cache: LruCache<{ version: number; answer: PreparedAnswer }>;

  constructor(
    maxEntries: number,
    maxBytes: number,
    private readonly cacheControl: string,
  ) {
    this.cache = new LruCache(maxEntries, maxBytes, (entry) => weightOf(entry.answer));
  }

  prepared(key: string, versioned: Versioned): PreparedAnswer {
    const known = this.cache.get(key);
    if (known?.version === versioned.version) return known.answer;
    const answer = prepare(versioned.data(), this.cacheControl);
    this.cache.set(key, { version: versioned.version, answer });
    return answer;
  }
}

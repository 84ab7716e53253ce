/**
 * The one way the console talks to the API: openapi-fetch typed by the OpenAPI document (schema.d.ts), on the same
 * origin. The session is the httpOnly cookie; unsafe requests carry the CSRF token, which lives in memory only.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** Held in memory for the life of the page; a reload recovers it from GET /auth/session (never Web Storage). */
let csrfToken: string | null = null;
/**
 * Only when an API answers the login without setting the session cookie (an API older than the cookie session): the
 * bearer token is then kept in memory, like the CSRF token, and is gone on reload.
 */
let bearerToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setBearerToken(token: string | null): void {
  bearerToken = token;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    if (bearerToken) request.headers.set('Authorization', `Bearer ${bearerToken}`);
    if (csrfToken && UNSAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionHeaders);

/** The API's error body: `{ statusCode, code, message, details?, requestId }`. */
export interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: ApiErrorDetails;
  requestId?: string;
}
export interface ApiErrorDetails {
  requirements?: { code: string; memberId?: string; message?: string }[];
  fields?: { field: string; message?: string; constraints?: string[] }[];
  currentVersion?: number;
  [key: string]: unknown;
}

/** A failed call. The screen translates `code` (and the requirement codes in `details`), never `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetails | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, body: ApiErrorBody | undefined) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN_ERROR');
    this.details = body?.details;
    this.requestId = body?.requestId;
  }
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * `{ data, error }` into data, or an ApiError. `T` names the shape where the document does not declare the response
 * yet; once it does, callers may drop it.
 */
export async function unwrap<T>(call: Promise<FetchResult>): Promise<T> {
  let result: FetchResult;
  try {
    result = await call;
  } catch (_networkError) {
    throw new ApiError(0, undefined);
  }
  if (result.error !== undefined || !result.response.ok) {
    const body = typeof result.error === 'object' && result.error ? (result.error as ApiErrorBody) : undefined;
    throw new ApiError(result.response.status, body);
  }
  return result.data as T;
}

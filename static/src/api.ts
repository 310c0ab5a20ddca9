// A thin fetch wrapper every page uses to talk to ClassCloud's /api.
//
// It sends and reads JSON on the same origin with the session cookie,
// adds the CSRF token to every non-GET request, and turns every failure
// (an error body, a bare nginx page, no network) into one ApiError.

export type Role = "student" | "faculty" | "admin";

export interface User {
  id: number;
  email: string;
  display_name: string;
  role: Role | string;
}

export interface CourseSummary {
  id: number;
  name?: string;
  code?: string;
  term?: string;
  [field: string]: unknown;
}

export interface Me {
  user: User;
  courses: CourseSummary[];
  csrf_token: string;
}

// Status 0 with code "network" means the request never got an answer.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null = null,
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Used when the body carries no message of its own, e.g. an HTML page
// from a proxy in front of nginx.
const FALLBACK_MESSAGES: Record<number, string> = {
  400: "The request was not valid.",
  401: "You are not logged in.",
  403: "You are not allowed to do that.",
  404: "Not found.",
  409: "That conflicts with the current state. Reload and try again.",
  413: "That is too large to send.",
  422: "Some values are not valid.",
  429: "Too many attempts. Wait a moment and try again.",
  502: "A service behind ClassCloud is not answering. Try again soon.",
  503: "ClassCloud is temporarily unavailable. Try again soon.",
  504: "A service behind ClassCloud took too long. Try again soon.",
};

function fallbackMessage(status: number): string {
  const known = FALLBACK_MESSAGES[status];
  if (known) return known;

  if (status >= 500) return `The server failed (HTTP ${status}).`;

  return `The request failed (HTTP ${status}).`;
}

// Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3).
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | null {
  if (value === null) return null;

  const text = value.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);

  const when = Date.parse(text);
  if (Number.isNaN(when)) return null;

  return Math.max(0, Math.ceil((when - now) / 1000));
}

function asString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

// Builds the ApiError for a response that is not 2xx. Never throws: a body
// that is not the documented JSON shape falls back to a status message.
export async function parseErrorResponse(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get("Retry-After"));
  let text = "";
  try {
    text = await res.text();
  } catch {
    // A body cut off mid-stream still has a status worth reporting.
  }

  let body: unknown = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = null;
  }

  const error =
    body !== null && typeof body === "object" && "error" in body
      ? (body as { error: unknown }).error
      : null;
  const fields =
    error !== null && typeof error === "object"
      ? (error as Record<string, unknown>)
      : {};

  return new ApiError(
    res.status,
    asString(fields.code) ?? `http_${res.status}`,
    asString(fields.message) ?? fallbackMessage(res.status),
    asString(fields.request_id) ?? res.headers.get("X-Request-Id"),
    retryAfter,
  );
}

let csrfToken: string | null = null;

// For requests that cannot go through request(), like an upload with
// progress: the token to send as X-CSRF-Token, or null.
export function currentCsrfToken(): string | null {
  return csrfToken;
}

// The token comes from GET /api/me; null forgets it (after logout).
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

// Sends one request and returns the parsed JSON body (undefined for an
// empty one). Throws ApiError for any non-2xx answer or network failure.
export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";

  if (method !== "GET" && method !== "HEAD" && csrfToken !== null)
    headers["X-CSRF-Token"] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError")
      throw cause;

    throw new ApiError(
      0,
      "network",
      "Cannot reach ClassCloud. Check your connection and try again.",
    );
  }

  if (!res.ok) throw await parseErrorResponse(res);

  const text = await res.text();
  if (text === "") return undefined as T;

  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      res.status,
      "bad_response",
      "The server sent an answer this page cannot read.",
      res.headers.get("X-Request-Id"),
    );
  }
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) =>
    request<T>("GET", path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body?: unknown) =>
    request<T>("PATCH", path, { body }),
  del: <T>(path: string) => request<T>("DELETE", path),
};

// The auth calls the skeleton needs; later pages add their own modules.
export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get<Me>("/api/me", signal);
  setCsrfToken(me.csrf_token);

  return me;
}

export function logIn(email: string, password: string): Promise<unknown> {
  return api.post("/api/auth/login", { email, password });
}

export async function logOut(): Promise<void> {
  await api.post("/api/auth/logout");
  setCsrfToken(null);
}

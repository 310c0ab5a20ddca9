// Behaviour of api.ts: error parsing, Retry-After and the CSRF header.
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  ApiError,
  parseErrorResponse,
  parseRetryAfter,
  request,
  setCsrfToken,
} from "./api";

function jsonResponse(status: number, body: unknown, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

describe("parseErrorResponse", () => {
  it("takes code, message and request id from the error body", async () => {
    const res = jsonResponse(401, {
      error: {
        code: "unauthenticated",
        message: "Wrong email or password.",
        request_id: "req-42",
      },
    });

    const err = await parseErrorResponse(res);

    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.code).toBe("unauthenticated");
    expect(err.message).toBe("Wrong email or password.");
    expect(err.requestId).toBe("req-42");
    expect(err.retryAfterSeconds).toBeNull();
  });

  it("reads Retry-After seconds on a 429", async () => {
    const res = jsonResponse(
      429,
      { error: { code: "rate_limited", message: "Too many attempts." } },
      { "Retry-After": "120" },
    );

    const err = await parseErrorResponse(res);

    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBe(120);
  });

  it("falls back to a status message for an HTML body", async () => {
    const res = new Response("<html><body>Bad Gateway</body></html>", {
      status: 502,
      headers: { "Content-Type": "text/html", "X-Request-Id": "abc" },
    });

    const err = await parseErrorResponse(res);

    expect(err.code).toBe("http_502");
    expect(err.message).toMatch(/not answering/);
    expect(err.requestId).toBe("abc");
  });

  it("falls back when the error object has the wrong types", async () => {
    const res = jsonResponse(400, { error: { code: 7, message: null } });

    const err = await parseErrorResponse(res);

    expect(err.code).toBe("http_400");
    expect(err.message).toBe("The request was not valid.");
  });

  it("handles an empty body", async () => {
    const err = await parseErrorResponse(new Response(null, { status: 418 }));

    expect(err.code).toBe("http_418");
    expect(err.message).toBe("The request failed (HTTP 418).");
  });
});

describe("parseRetryAfter", () => {
  it("accepts an HTTP date and counts seconds from now", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");

    expect(parseRetryAfter("Wed, 01 Jan 2025 00:01:30 GMT", now)).toBe(90);
  });

  it("never goes below zero and ignores junk", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");

    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe("request", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it("sends the CSRF token on POST but not on GET", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal("fetch", fetchMock);
    setCsrfToken("tok-1");

    await request("GET", "/api/me");
    await request("POST", "/api/auth/logout");

    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const getHeaders = calls[0]![1].headers as Record<string, string>;
    const postHeaders = calls[1]![1].headers as Record<string, string>;
    expect(getHeaders["X-CSRF-Token"]).toBeUndefined();
    expect(postHeaders["X-CSRF-Token"]).toBe("tok-1");
    expect(calls[1]![1].credentials).toBe("same-origin");
  });

  it("sends a JSON body with its content type", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, {}));
    vi.stubGlobal("fetch", fetchMock);

    await request("POST", "/api/auth/login", { body: { email: "a@b" } });

    const [, init] = fetchMock.mock.calls[0] as unknown as [
      string,
      RequestInit,
    ];
    expect(init.body).toBe('{"email":"a@b"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe(
      "application/json",
    );
  });

  it("turns a failed fetch into a network ApiError", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );

    const err = await request("GET", "/api/me").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
    expect((err as ApiError).code).toBe("network");
  });

  it("throws the parsed error for a non-2xx answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        jsonResponse(403, {
          error: { code: "forbidden", message: "No CSRF." },
        }),
      ),
    );

    await expect(request("POST", "/api/x")).rejects.toMatchObject({
      status: 403,
      code: "forbidden",
      message: "No CSRF.",
    });
  });

  it("returns undefined for an empty 204", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );

    await expect(request("POST", "/api/auth/logout")).resolves.toBeUndefined();
  });
});

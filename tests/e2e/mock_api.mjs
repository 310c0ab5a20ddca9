// A stand-in for nginx and cc-login on loopback, so the UI and the e2e
// scripts can be tried without the C++ stack: it serves static/dist with
// the site's CSP and answers /api/auth/login, /api/auth/logout and /api/me
// in the shapes of API.md. Never for production: plain HTTP, users fixed.
//
// Environment: PORT (default 0, any free port), DIST (default
// ../../static/dist). Prints `listening http://127.0.0.1:<port>` when ready.
// The users are those of mock_logins.txt beside this script.

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(
  process.env.DIST || path.join(here, "../../static/dist"),
);
const kFailuresBeforeLimit = 5;
const kLimitSeconds = 60;
const kCookie = "cc_mock_session";

const kTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

// session id -> {user, csrf}
const sessions = new Map();
let failures = 0;
let limitedUntil = 0;

async function loadUsers() {
  const text = await readFile(path.join(here, "mock_logins.txt"), "utf8");
  const users = [];
  for (const line of text.split("\n")) {
    const [role, email, password] = line.trim().split(/\s+/);
    if (!role || role.startsWith("#")) continue;

    const name = email.split("@")[0];
    users.push({
      id: users.length + 1,
      email,
      password,
      role,
      display_name: name.charAt(0).toUpperCase() + name.slice(1),
    });
  }

  return users;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(body === null ? "" : JSON.stringify(body));
}

function fail(res, status, code, message, headers = {}) {
  const requestId = randomBytes(8).toString("hex");
  send(
    res,
    status,
    { error: { code, message, request_id: requestId } },
    headers,
  );
}

function sessionOf(req) {
  const cookies = req.headers.cookie || "";
  const match = new RegExp(`(?:^|;\\s*)${kCookie}=([0-9a-f]+)`).exec(cookies);

  return match ? { id: match[1], ...sessions.get(match[1]) } : null;
}

async function readJson(req) {
  let text = "";
  for await (const chunk of req) text += chunk;

  return JSON.parse(text || "null");
}

async function handleLogin(req, res, users) {
  if (Date.now() < limitedUntil) {
    const wait = Math.ceil((limitedUntil - Date.now()) / 1000);
    return fail(res, 429, "rate_limited", "Too many failed logins.", {
      "Retry-After": String(wait),
    });
  }

  let body;
  try {
    body = await readJson(req);
  } catch {
    return fail(res, 400, "invalid_argument", "The body is not valid JSON.");
  }

  const user = users.find(
    (u) => u.email === body?.email && u.password === body?.password,
  );
  if (!user) {
    failures += 1;
    if (failures >= kFailuresBeforeLimit) {
      failures = 0;
      limitedUntil = Date.now() + kLimitSeconds * 1000;
    }
    return fail(res, 401, "unauthenticated", "Wrong email or password.");
  }

  const id = randomBytes(32).toString("hex");
  const { password: _, ...safe } = user;
  sessions.set(id, { user: safe, csrf: randomBytes(16).toString("hex") });
  send(
    res,
    200,
    { user: safe },
    {
      "Set-Cookie": `${kCookie}=${id}; Path=/; HttpOnly; SameSite=Lax`,
    },
  );
}

async function handleApi(req, res, users, route) {
  if (route === "POST /api/auth/login") return handleLogin(req, res, users);

  const session = sessionOf(req);
  if (!session?.user) return fail(res, 401, "unauthenticated", "Log in first.");

  if (route === "GET /api/me")
    return send(res, 200, {
      user: session.user,
      courses: [],
      csrf_token: session.csrf,
    });

  if (req.method !== "GET" && req.headers["x-csrf-token"] !== session.csrf)
    return fail(res, 403, "forbidden", "Missing or wrong CSRF token.");

  if (route === "POST /api/auth/logout") {
    sessions.delete(session.id);
    return send(res, 204, null, {
      "Set-Cookie": `${kCookie}=; Path=/; Max-Age=0`,
    });
  }

  fail(res, 404, "not_found", `No route ${route}.`);
}

// Files from dist, and index.html for any other path, as nginx is set up.
async function handleStatic(res, urlPath) {
  const wanted = path
    .normalize(decodeURIComponent(urlPath))
    .replace(/^\/+/, "");
  let file = path.join(dist, wanted);
  if (!file.startsWith(dist + path.sep) || path.extname(file) === "")
    file = path.join(dist, "index.html");

  let data;
  try {
    data = await readFile(file);
  } catch {
    file = path.join(dist, "index.html");
    data = await readFile(file);
  }
  res.writeHead(200, {
    "Content-Type": kTypes[path.extname(file)] || "application/octet-stream",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(data);
}

async function main() {
  const users = await loadUsers();
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://mock.invalid");
    const route = `${req.method} ${url.pathname}`;
    const work = url.pathname.startsWith("/api/")
      ? handleApi(req, res, users, route)
      : handleStatic(res, url.pathname);
    work.catch((err) => {
      process.stderr.write(`mock_api: ${route}: ${err.message}\n`);
      if (!res.headersSent) fail(res, 500, "internal", "Mock server failed.");
    });
  });

  server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
    process.stdout.write(
      `listening http://127.0.0.1:${server.address().port}\n`,
    );
  });
  for (const signal of ["SIGINT", "SIGTERM"])
    process.on(signal, () => server.close(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`mock_api: ${err.message}\n`);
  process.exit(1);
});

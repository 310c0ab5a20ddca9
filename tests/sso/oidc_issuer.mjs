// Test-only OpenID Connect issuer shaped like Microsoft's: oidc-provider
// serves two tenants (/<tid>/v2.0) signing with one shared RSA key, and a
// shared /organizations/v2.0 front publishes the {tenantid} issuer
// template and forwards to whichever tenant the test picked.
//   node oidc_issuer.mjs PORT STACK_ORIGIN TENANT_A TENANT_B
// POST /_test/next?tenant=..&oid=..&roles=a,b picks the next login.
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const [port, stackOrigin, ...tenants] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" };

let next = { tenant: tenants[0], oid: "oid-1", roles: [], name: "Test User" };

function makeProvider(tid) {
  const provider = new Provider(`${base}/${tid}/v2.0`, {
    clients: [
      {
        client_id: "classcloud",
        client_secret: "test-client-secret",
        redirect_uris: [`${stackOrigin}/api/auth/oidc/callback`],
        token_endpoint_auth_method: "client_secret_post",
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["test-cookie-key"] },
    conformIdTokenClaims: false,
    claims: {
      openid: ["sub", "oid", "tid", "roles", "upn"],
      profile: ["name"],
      email: ["email"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (ctx, interaction) => `/${tid}/v2.0/interaction/${interaction.uid}`,
    },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            oid: sub,
            tid,
            roles: next.roles,
            upn: `${sub}@${tid}.example.edu`,
            name: next.name,
            // Unverified and user-editable at Microsoft: never trusted.
            email: "someone.else@example.edu",
          };
        },
      };
    },
  });
  provider.proxy = false;
  return provider;
}

const providers = Object.fromEntries(tenants.map((t) => [t, makeProvider(t)]));

async function finishInteraction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({
    accountId: next.oid,
    clientId: details.params.client_id,
  });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: next.oid }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function organizations(req, res, rest, query) {
  const tenantBase = `${base}/${next.tenant}/v2.0`;
  if (rest === "/.well-known/openid-configuration") {
    return json(res, 200, {
      issuer: `${base}/{tenantid}/v2.0`,
      authorization_endpoint: `${base}/organizations/v2.0/auth`,
      token_endpoint: `${base}/organizations/v2.0/token`,
      jwks_uri: `${base}/organizations/v2.0/jwks`,
      response_types_supported: ["code"],
      id_token_signing_alg_values_supported: ["RS256"],
    });
  }
  if (rest === "/auth") {
    res.writeHead(302, { location: `${tenantBase}/auth${query}` });
    return res.end();
  }
  const target = rest === "/token" ? "/token" : rest === "/jwks" ? "/jwks" : null;
  if (!target) return json(res, 404, { error: "not_found" });

  const body = await readBody(req);
  const forwarded = await fetch(`${tenantBase}${target}`, {
    method: req.method,
    headers: { "content-type": req.headers["content-type"] || "text/plain" },
    body: req.method === "POST" ? body : undefined,
  });
  res.writeHead(forwarded.status, { "content-type": "application/json" });
  res.end(Buffer.from(await forwarded.arrayBuffer()));
}

http
  .createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
      if (url.pathname === "/_test/next" && req.method === "POST") {
        const q = url.searchParams;
        next = {
          tenant: q.get("tenant") || tenants[0],
          oid: q.get("oid") || "oid-1",
          roles: (q.get("roles") || "").split(",").filter(Boolean),
          name: q.get("name") || "Test User",
        };
        return json(res, 200, next);
      }
      if (url.pathname.startsWith("/organizations/v2.0")) {
        const rest = url.pathname.slice("/organizations/v2.0".length);
        return await organizations(req, res, rest, url.search);
      }
      const tid = url.pathname.split("/")[1];
      const provider = providers[tid];
      if (!provider) return json(res, 404, { error: "no such tenant" });
      if (url.pathname.startsWith(`/${tid}/v2.0/interaction/`)) {
        return await finishInteraction(provider, req, res);
      }
      // oidc-provider routes below its mount path, read from originalUrl.
      req.originalUrl = req.url;
      req.url = req.url.slice(`/${tid}/v2.0`.length) || "/";
      return provider.callback()(req, res);
    } catch (err) {
      json(res, 500, { error: String(err) });
    }
  })
  .listen(Number(port), "127.0.0.1", () => {
    console.log(`oidc issuer on ${base}`);
  });

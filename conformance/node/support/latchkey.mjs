// Shared helpers for the Node conformance suite: SDK clients pointed at the server under test,
// unique names, fixtures and error assertions. Every API call goes through the official
// `stytch` package; nothing here builds HTTP requests by hand.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { B2BClient, StytchError } from "stytch";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Run this suite through NodeSdkConformanceTest, or export ` +
        "LATCHKEY_BASE_URL, LATCHKEY_PROJECT_ID and LATCHKEY_SECRET (see conformance/README.md).",
    );
  }
  return value;
}

/** The server's base URL without a trailing slash, e.g. http://127.0.0.1:8080. */
export const baseUrl = required("LATCHKEY_BASE_URL").replace(/\/+$/, "");
export const projectId = required("LATCHKEY_PROJECT_ID");
export const secret = required("LATCHKEY_SECRET");

/**
 * Credentials of a second project on the same server, for isolation tests; null when
 * LATCHKEY_OTHER_PROJECT_ID / LATCHKEY_OTHER_SECRET are not set (those tests are skipped).
 */
export const otherProject =
  process.env.LATCHKEY_OTHER_PROJECT_ID && process.env.LATCHKEY_OTHER_SECRET
    ? { project_id: process.env.LATCHKEY_OTHER_PROJECT_ID, secret: process.env.LATCHKEY_OTHER_SECRET }
    : null;

/**
 * A B2B client configured the way an application would point it at Latchkey. Pass other
 * credentials to test authentication failures.
 */
export function newClient({ project_id = projectId, secret: clientSecret = secret } = {}) {
  return new B2BClient({ project_id, secret: clientSecret, env: baseUrl + "/" });
}

/** Names that do not collide between tests, files or runs against the same server. */
export const unique = {
  suffix: () => randomUUID().replaceAll("-", "").slice(0, 10),
  name: (base = "Org") => `${base} ${unique.suffix()}`,
  slug: (base = "org") => `${base}-${unique.suffix()}`,
  externalId: (base = "ext") => `${base}-${unique.suffix()}`,
  domain: () => `d${unique.suffix()}.example.com`,
  email: (local = "user", domain = unique.domain()) => `${local}@${domain}`,
  /** A unique address in a given domain, e.g. one an organization allows for JIT sign-up. */
  emailIn: (domain) => `user-${unique.suffix()}@${domain}`,
};

/** RFC 3339 in UTC with a literal Z, as the contract requires. */
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Creates an organization with a unique name and slug; `fields` override or add to the request. */
export async function createOrganization(client, fields = {}) {
  const response = await client.organizations.create({
    organization_name: unique.name(),
    organization_slug: unique.slug(),
    ...fields,
  });
  return response.organization;
}

/** Creates a member with a unique email in the given organization. */
export async function createMember(client, organization_id, fields = {}) {
  const response = await client.organizations.members.create({
    organization_id,
    email_address: unique.email(),
    ...fields,
  });
  return response.member;
}

/**
 * Awaits a call that must fail with the SDK's own StytchError carrying the given status and
 * error_type, checks the rest of the error shape, and returns the error.
 */
export async function expectStytchError(promise, { status_code, error_type }) {
  let outcome;
  try {
    outcome = { value: await promise };
  } catch (error) {
    outcome = { error };
  }
  assert.ok(
    "error" in outcome,
    `expected a StytchError ${status_code} ${error_type}, but the call succeeded: ${JSON.stringify(outcome.value)}`,
  );
  const error = outcome.error;
  assert.ok(error instanceof StytchError, `expected a StytchError, got ${error?.stack ?? error}`);
  assert.deepEqual(
    { status_code: error.status_code, error_type: error.error_type },
    { status_code, error_type },
    `unexpected error: ${error.message}`,
  );
  assert.ok(error.request_id, "error has a request_id");
  assert.ok(error.error_message, "error has an error_message");
  assert.match(error.error_url, /^https:\/\//, "error has an error_url");
  return error;
}

/** Ids of a list of organizations or members, sorted, for order-independent comparisons. */
export const idsOf = (items, key) => items.map((item) => item[key]).sort();

// ---- Mail, the login flow, and what the Java side of the run provides

/**
 * Where the server's mail is read: LATCHKEY_MAIL_URL (set by NodeSdkConformanceTest: the dev
 * mailbox of a dev-mode server, or the harness's copy of what a production-mode server sent over
 * SMTP), else the dev mailbox of the server under test. Either answers GET ?to=<email> with
 * [{to, subject, text}], newest first.
 */
export const mailUrl = process.env.LATCHKEY_MAIL_URL || `${baseUrl}/dev/mailbox/messages`;

/**
 * The Java side of the run (see NodeHarness.java): servers of a test's own, whose clock it may
 * move and whose signing key it may rotate. Null when the suite runs against a server started by
 * hand; tests that need it are then skipped.
 */
export const harnessUrl = process.env.LATCHKEY_HARNESS_URL ? process.env.LATCHKEY_HARNESS_URL.replace(/\/+$/, "") : null;

/** A safety net for mail delivery (SMTP delivery happens after the API call returns). */
const MAIL_DEADLINE_MS = 30_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The newest `count` messages to `email`, newest first, waiting until that many have arrived.
 * Reading mail is what the recipient does, not an API call, so it is plain HTTP.
 */
export async function awaitMessages(email, { count = 1, mail = mailUrl } = {}) {
  const deadline = Date.now() + MAIL_DEADLINE_MS;
  for (;;) {
    const response = await fetch(`${mail}?to=${encodeURIComponent(email)}`);
    assert.equal(response.status, 200, `reading mail at ${mail}`);
    const messages = (await response.json()).filter((m) => m.to.toLowerCase() === email.toLowerCase());
    if (messages.length >= count) {
      return messages.slice(0, count);
    }
    if (Date.now() > deadline) {
      assert.fail(`expected ${count} message(s) to ${email}, found ${messages.length}`);
    }
    await sleep(50);
  }
}

/**
 * The magic link in the newest message to `email`, once `messages` messages (all a test expects
 * `email` to have received so far) have arrived: with SMTP, a second message may still be on its
 * way when the first is already there.
 */
export async function awaitLink(email, { messages = 1, mail = mailUrl } = {}) {
  const [newest] = await awaitMessages(email, { count: messages, mail });
  return linkIn(newest);
}

export function linkIn(message) {
  const match = /https?:\/\/[^\s"'<>]+stytch_token_type=[^\s"'<>]+/.exec(message.text);
  assert.ok(match, `a magic link in the message to ${message.to}:\n${message.text}`);
  return match[0];
}

/** The token of an organization magic link, checking the link's shape. */
export function tokenOf(link) {
  assert.match(link, /\?stytch_token_type=multi_tenant_magic_links&token=[A-Za-z0-9_-]{43,}$/);
  const url = new URL(link);
  assert.equal(url.searchParams.get("stytch_token_type"), "multi_tenant_magic_links");
  return url.searchParams.get("token");
}

/** The token of a discovery magic link, checking the link's shape. */
export function discoveryTokenOf(link) {
  assert.match(link, /\?stytch_token_type=discovery&token=[A-Za-z0-9_-]{43,}$/);
  const url = new URL(link);
  assert.equal(url.searchParams.get("stytch_token_type"), "discovery");
  return url.searchParams.get("token");
}

/**
 * magicLinks.email.discovery.send, the mailed link (the email's `messages`-th message), and
 * magicLinks.discovery.authenticate: the authenticate response.
 */
export async function discoveryLogin(client, email, { messages = 1, mail = mailUrl } = {}) {
  const sent = await client.magicLinks.email.discovery.send({ email_address: email });
  assert.equal(sent.status_code, 200);
  const response = await client.magicLinks.discovery.authenticate({
    discovery_magic_links_token: discoveryTokenOf(await awaitLink(email, { messages, mail })),
  });
  assert.equal(response.status_code, 200);
  assert.ok(response.intermediate_session_token);
  assert.equal(response.email_address, email);
  return response;
}

/** An organization where anyone with an email in `domain` may sign up (JIT) or be invited. */
export function createOrganizationAllowing(client, domain, fields = {}) {
  return createOrganization(client, {
    email_allowed_domains: [domain],
    email_jit_provisioning: "RESTRICTED",
    email_invites: "ALL_ALLOWED",
    ...fields,
  });
}

/** magicLinks.authenticate as the seed guide calls it: the token and a 60-minute session. */
export function authenticateMagicLink(client, token) {
  return client.magicLinks.authenticate({ magic_links_token: token, session_duration_minutes: 60 });
}

/** loginOrSignup, the mailed link, authenticate: the authenticate response. */
export async function signUp(client, organization_id, email, { mail = mailUrl } = {}) {
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const response = await authenticateMagicLink(client, tokenOf(await awaitLink(email, { mail })));
  assert.equal(response.member_authenticated, true);
  return response;
}

/** A JWT's decoded header and payload (test-side inspection, e.g. of kid or exp). */
export function decodeJwt(jwt) {
  const [header, payload] = jwt.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url")));
  return { header, payload };
}

/**
 * Requests the server has answered on `route` (a route template such as
 * /v1/b2b/sessions/authenticate), from its Prometheus endpoint. Counts are server-wide: only
 * compare them where no test running in parallel calls the same route on the same server.
 */
export async function requestCount(route, { base = baseUrl } = {}) {
  const response = await fetch(`${base}/metrics`);
  assert.equal(response.status, 200, "GET /metrics");
  let total = 0;
  for (const line of (await response.text()).split("\n")) {
    const match = /^latchkey_http_requests_seconds_count\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (match && match[1].split(",").includes(`route="${route}"`)) {
      total += Number(match[2]);
    }
  }
  return total;
}

/** Waits until requestCount(route) satisfies `condition`; a request is counted just after it is answered. */
export async function awaitRequestCount(route, condition, { base = baseUrl } = {}) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const count = await requestCount(route, { base });
    if (condition(count)) {
      return count;
    }
    if (Date.now() > deadline) {
      assert.fail(`the request count of ${route} stayed at ${count}`);
    }
    await sleep(20);
  }
}

/**
 * A server of the calling test's own (started by the harness like the run's server), with a
 * client for its project and the harness controls only such a server has.
 */
export async function startOwnServer() {
  assert.ok(harnessUrl, "LATCHKEY_HARNESS_URL is set");
  const server = await harnessPost("/servers");
  const newOwnClient = () => new B2BClient({ project_id: server.project_id, secret: server.secret, env: server.base_url + "/" });
  return {
    ...server,
    client: newOwnClient(),
    /** Another client, with nothing cached (e.g. no JWKS fetched yet). */
    newClient: newOwnClient,
    advanceClock: (seconds) => harnessPost(`/servers/${server.id}/clock?advance_seconds=${seconds}`),
    rotateSigningKey: async () => (await harnessPost(`/servers/${server.id}/signing-key/rotate`)).kid,
  };
}

async function harnessPost(path) {
  const response = await fetch(harnessUrl + path, { method: "POST" });
  const body = await response.json();
  assert.equal(response.status, 200, `harness ${path}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * The OIDC identity provider of the run (in the harness): it will sign `email` in next (verified);
 * answers its endpoints {issuer, authorization_url, token_url, jwks_url}.
 */
export async function idpWillSignIn(email) {
  assert.ok(harnessUrl, "LATCHKEY_HARNESS_URL is set");
  return harnessPost(`/idp/login?email=${encodeURIComponent(email)}`);
}

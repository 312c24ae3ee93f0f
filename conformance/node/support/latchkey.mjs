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

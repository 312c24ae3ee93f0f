// SSO through the official Node SDK: OIDC connections created, updated, listed and deleted, and
// sso.authenticate redeeming the token of a real OIDC login against the run's in-process OIDC
// provider (NodeHarness). The browser's redirects are not API calls, so they are plain fetches.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  baseUrl,
  createOrganization,
  expectStytchError,
  harnessUrl,
  idpWillSignIn,
  newClient,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();
const publicToken = process.env.LATCHKEY_PUBLIC_TOKEN;

async function location(url) {
  const response = await fetch(url, { redirect: "manual" });
  assert.equal(response.status, 302, `${url}: ${await response.text()}`);
  return response.headers.get("location");
}

async function activeConnection(organization_id, idpEndpoints) {
  const created = await stytch.sso.oidc.createConnection({ organization_id, display_name: "Acme IdP" });
  const { connection } = await stytch.sso.oidc.updateConnection({
    organization_id,
    connection_id: created.connection.connection_id,
    client_id: "latchkey-node",
    client_secret: "client-secret-value",
    ...idpEndpoints,
  });
  return connection;
}

describe("sso", () => {
  test("OIDC connections are created, configured, listed and deleted in the SDK's shapes", async () => {
    const org = await createOrganization(stytch);
    const created = await stytch.sso.oidc.createConnection({ organization_id: org.organization_id, display_name: "Acme IdP" });
    assert.equal(created.status_code, 200);
    assert.ok(created.request_id);
    const c = created.connection;
    assert.match(c.connection_id, /^oidc-connection-test-/);
    assert.equal(c.status, "pending");
    assert.equal(c.display_name, "Acme IdP");
    assert.ok(c.redirect_url.endsWith(`/v1/b2b/sso/callback/${c.connection_id}`));
    assert.equal(c.client_secret, "", "the secret is never answered");

    const updated = await stytch.sso.oidc.updateConnection({
      organization_id: org.organization_id,
      connection_id: c.connection_id,
      client_id: "latchkey-node",
      client_secret: "s3cret",
      issuer: "https://idp.example.com",
      authorization_url: "https://idp.example.com/authorize",
      token_url: "https://idp.example.com/token",
      jwks_url: "https://idp.example.com/jwks",
      custom_scopes: "groups",
    });
    assert.equal(updated.connection.status, "active");
    assert.equal(updated.connection.client_id, "latchkey-node");
    assert.equal(updated.connection.custom_scopes, "groups");
    assert.equal(updated.connection.client_secret, "");

    const listed = await stytch.sso.getConnections({ organization_id: org.organization_id });
    assert.deepEqual(listed.oidc_connections.map((x) => x.connection_id), [c.connection_id]);
    assert.deepEqual(listed.saml_connections, []);
    assert.deepEqual(listed.external_connections, []);

    const deleted = await stytch.sso.deleteConnection({ organization_id: org.organization_id, connection_id: c.connection_id });
    assert.equal(deleted.connection_id, c.connection_id);
    await expectStytchError(
      stytch.sso.deleteConnection({ organization_id: org.organization_id, connection_id: c.connection_id }),
      { status_code: 404, error_type: "sso_connection_not_found" },
    );
  });

  test("a bad endpoint is the SDK's StytchError", async () => {
    const org = await createOrganization(stytch);
    const created = await stytch.sso.oidc.createConnection({ organization_id: org.organization_id });
    await expectStytchError(
      stytch.sso.oidc.updateConnection({
        organization_id: org.organization_id,
        connection_id: created.connection.connection_id,
        issuer: "not a url",
      }),
      { status_code: 400, error_type: "invalid_issuer" },
    );
  });

  test("a member logs in through the IdP and sso.authenticate redeems the token once", { skip: !harnessUrl || !publicToken }, async () => {
    const org = await createOrganization(stytch);
    const email = unique.emailIn("sso.example");
    const endpoints = await idpWillSignIn(email);
    const connection = await activeConnection(org.organization_id, endpoints);

    const authorize = await location(
      `${baseUrl}/v1/public/sso/start?public_token=${publicToken}&connection_id=${connection.connection_id}`,
    );
    // The IdP sends the browser to the callback as LATCHKEY_BASE_URL names it (no port in tests).
    const callback = (await location(authorize)).replace("http://127.0.0.1/", baseUrl + "/");
    const appRedirect = new URL(await location(callback));
    assert.equal(appRedirect.searchParams.get("stytch_token_type"), "sso");
    const sso_token = appRedirect.searchParams.get("token");

    const login = await stytch.sso.authenticate({ sso_token, session_duration_minutes: 60 });
    assert.equal(login.status_code, 200);
    assert.equal(login.member_authenticated, true);
    assert.equal(login.organization_id, org.organization_id);
    assert.equal(login.member.email_address, email);
    assert.ok(login.session_token);
    const factor = login.member_session.authentication_factors[0];
    assert.equal(factor.type, "sso");
    assert.equal(factor.delivery_method, "sso_oidc");

    await expectStytchError(stytch.sso.authenticate({ sso_token }), { status_code: 404, error_type: "sso_token_not_found" });
  });

  test("an external connection shares another organization's connection, in the SDK's shapes", async () => {
    const parent = await createOrganization(stytch);
    const source = await activeConnection(parent.organization_id, {
      issuer: "https://idp.example.com",
      authorization_url: "https://idp.example.com/authorize",
      token_url: "https://idp.example.com/token",
      jwks_url: "https://idp.example.com/jwks",
    });
    const child = await createOrganization(stytch);

    const created = await stytch.sso.external.createConnection({
      organization_id: child.organization_id,
      external_organization_id: parent.organization_id,
      external_connection_id: source.connection_id,
      display_name: "Parent's IdP",
      connection_implicit_role_assignments: [{ role_id: "stytch_admin" }],
    });
    assert.equal(created.status_code, 200);
    assert.ok(created.request_id);
    const c = created.connection;
    assert.match(c.connection_id, /^external-connection-test-/);
    assert.equal(c.organization_id, child.organization_id);
    assert.equal(c.external_organization_id, parent.organization_id);
    assert.equal(c.external_connection_id, source.connection_id);
    assert.equal(c.display_name, "Parent's IdP");
    assert.equal(c.status, "active");
    assert.deepEqual(c.external_connection_implicit_role_assignments, [{ role_id: "stytch_admin" }]);
    assert.deepEqual(c.external_group_implicit_role_assignments, []);

    const updated = await stytch.sso.external.updateConnection({
      organization_id: child.organization_id,
      connection_id: c.connection_id,
      display_name: "Group IdP",
      external_group_implicit_role_assignments: [{ role_id: "stytch_admin", group: "admins" }],
    });
    assert.equal(updated.connection.display_name, "Group IdP");
    assert.deepEqual(updated.connection.external_connection_implicit_role_assignments, [{ role_id: "stytch_admin" }]);
    assert.deepEqual(updated.connection.external_group_implicit_role_assignments, [{ role_id: "stytch_admin", group: "admins" }]);

    const listed = await stytch.sso.getConnections({ organization_id: child.organization_id });
    assert.deepEqual(listed.external_connections, [updated.connection]);
    assert.deepEqual(listed.oidc_connections, []);
    const org = (await stytch.organizations.get({ organization_id: child.organization_id })).organization;
    assert.equal(org.sso_default_connection_id, c.connection_id);
    assert.deepEqual(org.sso_active_connections.map((x) => x.connection_id), [c.connection_id]);

    await expectStytchError(
      stytch.sso.external.createConnection({
        organization_id: child.organization_id,
        external_organization_id: child.organization_id,
        external_connection_id: c.connection_id,
      }),
      { status_code: 400, error_type: "invalid_argument" },
    );
    await expectStytchError(
      stytch.sso.external.updateConnection({
        organization_id: parent.organization_id,
        connection_id: c.connection_id,
        display_name: "Not yours",
      }),
      { status_code: 404, error_type: "sso_connection_not_found" },
    );

    await stytch.sso.deleteConnection({ organization_id: parent.organization_id, connection_id: source.connection_id });
    assert.deepEqual((await stytch.sso.getConnections({ organization_id: child.organization_id })).external_connections, []);
  });

  test("a member logs in through an external connection into its organization", { skip: !harnessUrl || !publicToken }, async () => {
    const parent = await createOrganization(stytch);
    const child = await createOrganization(stytch, { sso_jit_provisioning: "ALL_ALLOWED" });
    const email = unique.emailIn("child.example");
    const source = await activeConnection(parent.organization_id, await idpWillSignIn(email));
    const { connection } = await stytch.sso.external.createConnection({
      organization_id: child.organization_id,
      external_organization_id: parent.organization_id,
      external_connection_id: source.connection_id,
    });

    const authorize = await location(
      `${baseUrl}/v1/public/sso/start?public_token=${publicToken}&connection_id=${connection.connection_id}`,
    );
    const callback = (await location(authorize)).replace("http://127.0.0.1/", baseUrl + "/");
    const sso_token = new URL(await location(callback)).searchParams.get("token");

    const login = await stytch.sso.authenticate({ sso_token });
    assert.equal(login.organization_id, child.organization_id);
    assert.equal(login.member.email_address, email);
    assert.deepEqual(login.member.sso_registrations.map((r) => r.connection_id), [connection.connection_id]);
  });
});

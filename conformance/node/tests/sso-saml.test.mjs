// SAML SSO through the official Node SDK (sso.saml): connections created, configured from the
// IdP's metadata URL and from settings, certificates and encryption keys deleted, listed and
// deleted through sso, and sso.authenticate redeeming the token of a SAML login whose response the
// run's in-process SAML IdP signed (NodeHarness). The browser's part is plain fetches.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import { baseUrl, createOrganization, expectStytchError, harnessUrl, newClient, unique } from "../support/latchkey.mjs";

const stytch = newClient();
const publicToken = process.env.LATCHKEY_PUBLIC_TOKEN;

function rsaPrivateKeyPem() {
  return generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" } }).privateKey;
}

async function harness(path, method = "GET") {
  const response = await fetch(harnessUrl + path, { method });
  const body = await response.json();
  assert.equal(response.status, 200, `harness ${path}: ${JSON.stringify(body)}`);
  return body;
}

describe("sso.saml", () => {
  test("SAML connections are created, configured, listed and deleted in the SDK's shapes", { skip: !harnessUrl }, async () => {
    const org = await createOrganization(stytch);
    const organization_id = org.organization_id;
    const created = await stytch.sso.saml.createConnection({ organization_id, display_name: "Acme SAML", identity_provider: "okta" });
    assert.equal(created.status_code, 200);
    assert.ok(created.request_id);
    const c = created.connection;
    assert.match(c.connection_id, /^saml-connection-test-/);
    assert.equal(c.status, "pending");
    assert.equal(c.identity_provider, "okta");
    assert.ok(c.acs_url.endsWith(`/v1/b2b/sso/callback/${c.connection_id}`));
    assert.equal(c.audience_uri, c.acs_url);
    assert.equal(c.signing_certificates.length, 1);
    assert.match(c.signing_certificates[0].certificate, /^-----BEGIN CERTIFICATE-----/);
    assert.deepEqual(c.verification_certificates, []);
    assert.deepEqual(c.encryption_private_keys, []);
    assert.equal(c.idp_initiated_auth_disabled, false);

    const byUrl = await stytch.sso.saml.updateByURL({ organization_id, connection_id: c.connection_id, metadata_url: `${harnessUrl}/saml/metadata` });
    const idp = await harness("/saml/idp");
    assert.equal(byUrl.connection.idp_entity_id, idp.idp_entity_id);
    assert.equal(byUrl.connection.idp_sso_url, idp.idp_sso_url);
    assert.equal(byUrl.connection.verification_certificates.length, 1);
    assert.equal(byUrl.connection.status, "pending", "no attribute_mapping yet");

    const updated = await stytch.sso.saml.updateConnection({
      organization_id,
      connection_id: c.connection_id,
      display_name: "Acme SAML (prod)",
      attribute_mapping: { email: "email", full_name: "name", groups: "groups" },
      saml_connection_implicit_role_assignments: [{ role_id: "stytch_member" }],
      saml_group_implicit_role_assignments: [{ role_id: "stytch_admin", group: "admins" }],
      nameid_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      saml_encryption_private_key: rsaPrivateKeyPem(),
      signing_private_key: rsaPrivateKeyPem(),
    });
    const u = updated.connection;
    assert.equal(u.status, "active");
    assert.equal(u.display_name, "Acme SAML (prod)");
    assert.deepEqual(u.saml_group_implicit_role_assignments, [{ role_id: "stytch_admin", group: "admins" }]);
    assert.notEqual(u.signing_certificates[0].certificate, c.signing_certificates[0].certificate);
    assert.equal(u.encryption_private_keys.length, 1);
    assert.equal(u.encryption_private_keys[0].private_key, "", "private keys are never answered");

    const key = await stytch.sso.saml.deleteEncryptionPrivateKey({
      organization_id,
      connection_id: c.connection_id,
      private_key_id: u.encryption_private_keys[0].private_key_id,
    });
    assert.equal(key.private_key_id, u.encryption_private_keys[0].private_key_id);

    const certificate_id = u.verification_certificates[0].certificate_id;
    await expectStytchError(
      stytch.sso.saml.deleteVerificationCertificate({ organization_id, connection_id: c.connection_id, certificate_id }),
      { status_code: 400, error_type: "cannot_delete_last_sso_verification_key" },
    );
    await expectStytchError(
      stytch.sso.saml.deleteVerificationCertificate({ organization_id, connection_id: c.connection_id, certificate_id: "saml-verification-key-test-none" }),
      { status_code: 404, error_type: "sso_verification_key_not_found" },
    );

    const listed = await stytch.sso.getConnections({ organization_id });
    assert.deepEqual(listed.saml_connections.map((x) => x.connection_id), [c.connection_id]);
    assert.deepEqual(listed.oidc_connections, []);

    const deleted = await stytch.sso.deleteConnection({ organization_id, connection_id: c.connection_id });
    assert.equal(deleted.connection_id, c.connection_id);
    await expectStytchError(
      stytch.sso.saml.updateConnection({ organization_id, connection_id: c.connection_id, display_name: "x" }),
      { status_code: 404, error_type: "sso_connection_not_found" },
    );
  });

  test("a bad certificate and an internal metadata URL are the SDK's StytchErrors", async () => {
    const org = await createOrganization(stytch);
    const { connection } = await stytch.sso.saml.createConnection({ organization_id: org.organization_id });
    await expectStytchError(
      stytch.sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: connection.connection_id, x509_certificate: "not a cert" }),
      { status_code: 400, error_type: "invalid_x509_certificate" },
    );
    await expectStytchError(
      stytch.sso.saml.updateByURL({ organization_id: org.organization_id, connection_id: connection.connection_id, metadata_url: "ftp://idp/metadata" }),
      { status_code: 400, error_type: "invalid_saml_metadata_url" },
    );
  });

  test("a member logs in over SAML and sso.authenticate redeems the token once", { skip: !harnessUrl || !publicToken }, async () => {
    const org = await createOrganization(stytch);
    const organization_id = org.organization_id;
    const idp = await harness("/saml/idp");
    const { connection } = await stytch.sso.saml.createConnection({ organization_id, display_name: "Acme SAML" });
    const active = await stytch.sso.saml.updateConnection({
      organization_id,
      connection_id: connection.connection_id,
      ...idp,
      attribute_mapping: { email: "email", full_name: "name" },
    });
    assert.equal(active.connection.status, "active");
    const email = unique.emailIn("saml.example");

    const start = await fetch(`${baseUrl}/v1/public/sso/start?public_token=${publicToken}&connection_id=${connection.connection_id}`, { redirect: "manual" });
    assert.equal(start.status, 302, await start.text());
    const redirect = start.headers.get("location");
    assert.ok(redirect.startsWith(idp.idp_sso_url + "?SAMLRequest="));
    const q = new URLSearchParams({ email, acs_url: connection.acs_url, redirect });
    const { saml_response } = await harness(`/saml/respond?${q}`, "POST");

    const acs = await fetch(`${baseUrl}/v1/b2b/sso/callback/${connection.connection_id}`, {
      method: "POST",
      body: new URLSearchParams({ SAMLResponse: saml_response }),
      redirect: "manual",
    });
    assert.equal(acs.status, 303, await acs.text());
    const appRedirect = new URL(acs.headers.get("location"));
    assert.equal(appRedirect.searchParams.get("stytch_token_type"), "sso");
    const sso_token = appRedirect.searchParams.get("token");

    const login = await stytch.sso.authenticate({ sso_token, session_duration_minutes: 60 });
    assert.equal(login.member_authenticated, true);
    assert.equal(login.member.email_address, email);
    const factor = login.member_session.authentication_factors[0];
    assert.equal(factor.delivery_method, "sso_saml");
    assert.equal(factor.saml_sso_factor.provider_id, connection.connection_id);
    assert.equal(login.member.sso_registrations[0].connection_id, connection.connection_id);

    await expectStytchError(stytch.sso.authenticate({ sso_token }), { status_code: 404, error_type: "sso_token_not_found" });
  });
});

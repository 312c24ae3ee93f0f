import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  RFC3339_UTC,
  createOrganization,
  expectStytchError,
  idsOf,
  newClient,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();

describe("organizations", () => {
  test("create with settings returns the organization with those settings", async () => {
    const name = unique.name("Acme Société ✓");
    const slug = unique.slug("acme");
    const externalId = unique.externalId("acme");
    const domain = unique.domain();

    const response = await stytch.organizations.create({
      organization_name: name,
      organization_slug: slug,
      organization_logo_url: "https://cdn.example.com/acme.png",
      organization_external_id: externalId,
      trusted_metadata: { plan: "enterprise", seats: 25, features: { sso: true } },
      email_allowed_domains: [domain],
      email_jit_provisioning: "RESTRICTED",
      email_invites: "RESTRICTED",
      auth_methods: "RESTRICTED",
      allowed_auth_methods: ["magic_link", "password"],
      mfa_policy: "REQUIRED_FOR_ALL",
      mfa_methods: "RESTRICTED",
      allowed_mfa_methods: ["totp"],
    });

    assert.equal(response.status_code, 200);
    assert.ok(response.request_id);
    const org = response.organization;
    assert.match(org.organization_id, /^organization-test-/);
    assert.equal(org.organization_name, name);
    assert.equal(org.organization_slug, slug);
    assert.equal(org.organization_logo_url, "https://cdn.example.com/acme.png");
    assert.equal(org.organization_external_id, externalId);
    assert.deepEqual(org.trusted_metadata, { plan: "enterprise", seats: 25, features: { sso: true } });
    assert.deepEqual(org.email_allowed_domains, [domain]);
    assert.equal(org.email_jit_provisioning, "RESTRICTED");
    assert.equal(org.email_invites, "RESTRICTED");
    assert.equal(org.auth_methods, "RESTRICTED");
    assert.deepEqual([...org.allowed_auth_methods].sort(), ["magic_link", "password"]);
    assert.equal(org.mfa_policy, "REQUIRED_FOR_ALL");
    assert.equal(org.mfa_methods, "RESTRICTED");
    assert.deepEqual(org.allowed_mfa_methods, ["totp"]);
    assert.match(org.created_at, RFC3339_UTC);
    assert.match(org.updated_at, RFC3339_UTC);
  });

  test("create with only a name and slug applies the default settings", async () => {
    const org = await createOrganization(stytch);

    assert.equal(org.organization_logo_url, "");
    assert.equal(org.sso_jit_provisioning, "ALL_ALLOWED");
    assert.deepEqual(org.sso_jit_provisioning_allowed_connections, []);
    assert.deepEqual(org.sso_active_connections, []);
    assert.deepEqual(org.email_allowed_domains, []);
    assert.equal(org.email_jit_provisioning, "NOT_ALLOWED");
    assert.equal(org.email_invites, "ALL_ALLOWED");
    assert.equal(org.auth_methods, "ALL_ALLOWED");
    assert.deepEqual(org.allowed_auth_methods, []);
    assert.equal(org.mfa_policy, "OPTIONAL");
    assert.equal(org.mfa_methods, "ALL_ALLOWED");
    assert.deepEqual(org.allowed_mfa_methods, []);
    assert.deepEqual(org.rbac_email_implicit_role_assignments, []);
    assert.equal(org.oauth_tenant_jit_provisioning, "NOT_ALLOWED");
    assert.deepEqual(org.claimed_email_domains, []);
    assert.equal(org.first_party_connected_apps_allowed_type, "ALL_ALLOWED");
    assert.deepEqual(org.allowed_first_party_connected_apps, []);
    assert.equal(org.third_party_connected_apps_allowed_type, "ALL_ALLOWED");
    assert.deepEqual(org.allowed_third_party_connected_apps, []);
    assert.deepEqual(org.custom_roles, []);
  });

  test("create without a slug derives a distinct valid slug", async () => {
    const name = unique.name("Slugless");
    const first = (await stytch.organizations.create({ organization_name: name })).organization;
    const second = (await stytch.organizations.create({ organization_name: name })).organization;

    for (const org of [first, second]) {
      assert.match(org.organization_slug, /^[A-Za-z0-9._~-]{2,128}$/);
    }
    assert.notEqual(first.organization_slug, second.organization_slug);
  });

  test("get finds the organization by id, by slug and by external id", async () => {
    const created = await createOrganization(stytch, {
      organization_external_id: unique.externalId(),
    });

    for (const key of ["organization_id", "organization_slug", "organization_external_id"]) {
      const response = await stytch.organizations.get({ organization_id: created[key] });
      assert.equal(response.status_code, 200, key);
      assert.ok(response.request_id, key);
      assert.deepEqual(response.organization, created, `get by ${key}`);
    }
  });

  test("update changes the name and the email and MFA settings", async () => {
    const created = await createOrganization(stytch);
    const domains = [unique.domain(), unique.domain()];
    const newName = unique.name("Renamed");

    const response = await stytch.organizations.update({
      organization_id: created.organization_id,
      organization_name: newName,
      mfa_policy: "REQUIRED_FOR_ALL",
      email_allowed_domains: domains,
      email_invites: "RESTRICTED",
      email_jit_provisioning: "RESTRICTED",
    });

    assert.equal(response.status_code, 200);
    const updated = response.organization;
    assert.equal(updated.organization_id, created.organization_id);
    assert.equal(updated.organization_name, newName);
    assert.equal(updated.organization_slug, created.organization_slug);
    assert.equal(updated.mfa_policy, "REQUIRED_FOR_ALL");
    assert.deepEqual([...updated.email_allowed_domains].sort(), [...domains].sort());
    assert.equal(updated.email_invites, "RESTRICTED");
    assert.equal(updated.email_jit_provisioning, "RESTRICTED");

    const fetched = await stytch.organizations.get({ organization_id: created.organization_id });
    assert.deepEqual(fetched.organization, updated);
  });

  test("update merges trusted_metadata at the top level and deletes keys set to null", async () => {
    const created = await createOrganization(stytch, {
      trusted_metadata: { plan: "free", region: "eu", limits: { seats: 5, projects: 1 } },
    });

    const response = await stytch.organizations.update({
      organization_id: created.organization_id,
      trusted_metadata: { plan: "pro", region: null, limits: { seats: 50 }, billing_id: "cus_123" },
    });

    const expected = { plan: "pro", limits: { seats: 50 }, billing_id: "cus_123" };
    assert.deepEqual(response.organization.trusted_metadata, expected);
    const fetched = await stytch.organizations.get({ organization_id: created.organization_id });
    assert.deepEqual(fetched.organization.trusted_metadata, expected);
  });

  test("update leaves the fields it does not mention unchanged", async () => {
    const created = await createOrganization(stytch, {
      trusted_metadata: { keep: "me" },
      email_allowed_domains: [unique.domain()],
      email_jit_provisioning: "RESTRICTED",
      email_invites: "RESTRICTED",
      mfa_policy: "REQUIRED_FOR_ALL",
    });
    const newName = unique.name("Only the name");

    const updated = (
      await stytch.organizations.update({
        organization_id: created.organization_id,
        organization_name: newName,
      })
    ).organization;

    const { organization_name, updated_at, ...unchanged } = updated;
    const { organization_name: _n, updated_at: _u, ...before } = created;
    assert.equal(organization_name, newName);
    assert.deepEqual(unchanged, before);
  });

  test("update with an empty email_allowed_domains list keeps the domains", async () => {
    const domains = [unique.domain()];
    const created = await createOrganization(stytch, { email_allowed_domains: domains });

    const updated = (
      await stytch.organizations.update({ organization_id: created.organization_id, email_allowed_domains: [] })
    ).organization;

    assert.deepEqual(updated.email_allowed_domains, domains);
  });

  test("update with the empty lists and maps the Java SDK sends renames a restricted organization and keeps the rest", async () => {
    const domain = unique.domain();
    const created = await createOrganization(stytch, {
      trusted_metadata: { keep: "me" },
      email_allowed_domains: [domain],
      email_jit_provisioning: "RESTRICTED",
      email_invites: "RESTRICTED",
      auth_methods: "RESTRICTED",
      allowed_auth_methods: ["magic_link"],
      mfa_methods: "RESTRICTED",
      allowed_mfa_methods: ["totp"],
      rbac_email_implicit_role_assignments: [{ domain, role_id: "stytch_admin" }],
      oauth_tenant_jit_provisioning: "RESTRICTED",
      allowed_oauth_tenants: { slack: ["T123"] },
      claimed_email_domains: [domain],
      first_party_connected_apps_allowed_type: "RESTRICTED",
      allowed_first_party_connected_apps: ["connected-app-1"],
      third_party_connected_apps_allowed_type: "RESTRICTED",
      allowed_third_party_connected_apps: ["connected-app-2"],
    });
    const newName = unique.name("Renamed");

    const updated = (
      await stytch.organizations.update({
        organization_id: created.organization_id,
        organization_name: newName,
        trusted_metadata: {},
        sso_jit_provisioning_allowed_connections: [],
        email_allowed_domains: [],
        allowed_auth_methods: [],
        rbac_email_implicit_role_assignments: [],
        allowed_mfa_methods: [],
        allowed_oauth_tenants: {},
        claimed_email_domains: [],
        allowed_first_party_connected_apps: [],
        allowed_third_party_connected_apps: [],
      })
    ).organization;

    const { organization_name, updated_at, ...unchanged } = updated;
    const { organization_name: _n, updated_at: _u, ...before } = created;
    assert.equal(organization_name, newName);
    assert.deepEqual(unchanged, before);
  });

  test("update away from RESTRICTED makes the email_allowed_domains moot and keeps them", async () => {
    const domains = [unique.domain()];
    const created = await createOrganization(stytch, {
      email_allowed_domains: domains,
      email_jit_provisioning: "RESTRICTED",
      email_invites: "RESTRICTED",
    });

    const updated = (
      await stytch.organizations.update({
        organization_id: created.organization_id,
        email_jit_provisioning: "NOT_ALLOWED",
        email_invites: "ALL_ALLOWED",
      })
    ).organization;

    assert.equal(updated.email_jit_provisioning, "NOT_ALLOWED");
    assert.equal(updated.email_invites, "ALL_ALLOWED");
    assert.deepEqual(updated.email_allowed_domains, domains);
  });

  test("update and delete address the organization by its slug or external id", async () => {
    const created = await createOrganization(stytch, { organization_external_id: unique.externalId() });

    const bySlug = await stytch.organizations.update({
      organization_id: created.organization_slug,
      organization_name: "Renamed by slug",
    });
    const byExternalId = await stytch.organizations.update({
      organization_id: created.organization_external_id,
      organization_logo_url: "https://cdn.example.com/by-external-id.png",
    });
    assert.equal(bySlug.organization.organization_id, created.organization_id);
    assert.equal(bySlug.organization.organization_name, "Renamed by slug");
    assert.equal(byExternalId.organization.organization_logo_url, "https://cdn.example.com/by-external-id.png");

    const deleted = await stytch.organizations.delete({ organization_id: created.organization_slug });
    assert.equal(deleted.organization_id, created.organization_id);
  });

  test("search with an organization_ids filter returns exactly those organizations", async () => {
    const [a, b] = [await createOrganization(stytch), await createOrganization(stytch)];
    await createOrganization(stytch);

    const response = await stytch.organizations.search({
      query: {
        operator: "AND",
        operands: [{ filter_name: "organization_ids", filter_value: [a.organization_id, b.organization_id] }],
      },
    });

    assert.equal(response.status_code, 200);
    assert.deepEqual(idsOf(response.organizations, "organization_id"), [a.organization_id, b.organization_id].sort());
    assert.equal(response.results_metadata.total, 2);
    assert.ok(!response.results_metadata.next_cursor, "a single page has no next_cursor");
  });

  test("search with organization_name_fuzzy finds the organizations whose name contains the text", async () => {
    const token = unique.suffix();
    const matching = [
      await createOrganization(stytch, { organization_name: `Alpha ${token} Ltd` }),
      await createOrganization(stytch, { organization_name: `Beta${token}` }),
    ];
    await createOrganization(stytch, { organization_name: "Gamma" });

    const response = await stytch.organizations.search({
      query: { operator: "AND", operands: [{ filter_name: "organization_name_fuzzy", filter_value: token }] },
    });

    assert.deepEqual(
      idsOf(response.organizations, "organization_id"),
      idsOf(matching, "organization_id"),
    );
  });

  test("search pages through the results with limit and cursor", async () => {
    const orgs = [];
    for (let i = 0; i < 3; i++) {
      orgs.push(await createOrganization(stytch));
    }
    const query = {
      operator: "AND",
      operands: [{ filter_name: "organization_ids", filter_value: orgs.map((o) => o.organization_id) }],
    };

    const first = await stytch.organizations.search({ query, limit: 2 });
    assert.equal(first.organizations.length, 2);
    assert.equal(first.results_metadata.total, 3);
    assert.ok(first.results_metadata.next_cursor, "first page has a next_cursor");

    const second = await stytch.organizations.search({
      query,
      limit: 2,
      cursor: first.results_metadata.next_cursor,
    });
    assert.equal(second.organizations.length, 1);
    assert.ok(!second.results_metadata.next_cursor, "last page has no next_cursor");

    assert.deepEqual(
      idsOf([...first.organizations, ...second.organizations], "organization_id"),
      idsOf(orgs, "organization_id"),
    );
  });

  test("delete removes the organization and its members", async () => {
    const org = await createOrganization(stytch);
    const member = (
      await stytch.organizations.members.create({
        organization_id: org.organization_id,
        email_address: unique.email(),
      })
    ).member;

    const response = await stytch.organizations.delete({ organization_id: org.organization_id });

    assert.equal(response.status_code, 200);
    assert.ok(response.request_id);
    assert.equal(response.organization_id, org.organization_id);
    await expectStytchError(stytch.organizations.get({ organization_id: org.organization_id }), {
      status_code: 404,
      error_type: "organization_not_found",
    });
    await expectStytchError(
      stytch.organizations.members.dangerouslyGet({ member_id: member.member_id }),
      { status_code: 404, error_type: "member_not_found" },
    );
  });
});

// RBAC through the official Node SDK: the project policy and organization policies, the remote
// and local authorization checks (authenticateJwtLocal fetches and caches both policies), and
// calls made on behalf of a member with its session (options.authorization). The test project's
// policy is set by the Java side of the run (ConformancePolicy.java): a custom `billing`
// resource, a `billing_admin` role allowed everything on it, admins allowed to read it.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  createOrganization,
  createOrganizationAllowing,
  expectStytchError,
  newClient,
  otherProject,
  signUp,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();

async function memberWithRoles(organization_id, domain, roles) {
  const login = await signUp(stytch, organization_id, unique.emailIn(domain));
  if (roles.length > 0) {
    await stytch.organizations.members.update({ organization_id, member_id: login.member_id, roles });
  }
  // A fresh JWT carries the roles as they are now.
  const fresh = await stytch.sessions.authenticate({ session_token: login.session_token });
  return { ...login, session_jwt: fresh.session_jwt };
}

async function localError(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected the local check to throw");
}

describe("rbac", () => {
  const domain = unique.domain();
  let org;

  before(async () => {
    org = await createOrganizationAllowing(stytch, domain);
  });

  test("policy serves Stytch's default resources and roles and the project's own", async () => {
    const response = await stytch.rbac.policy();
    assert.equal(response.status_code, 200);
    assert.ok(response.request_id);
    const { roles, resources, scopes } = response.policy;
    assert.deepEqual(roles.map((r) => r.role_id), ["stytch_member", "stytch_admin", "billing_admin", "editor"]);
    for (const id of ["stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self", "billing"]) {
      assert.ok(resources.some((r) => r.resource_id === id), id);
    }
    const billing = resources.find((r) => r.resource_id === "billing");
    assert.deepEqual(billing.actions, ["read", "update", "cancel"]);
    assert.deepEqual(scopes, []);
  });

  test("organization policies are set, read and shown as the organization's custom roles", async () => {
    const own = await createOrganization(stytch);
    const empty = await stytch.rbac.organizations.getOrgPolicy({ organization_id: own.organization_id });
    assert.deepEqual(empty.org_policy, { roles: [] });
    const org_policy = {
      roles: [{ role_id: "auditor", description: "Reads invoices", permissions: [{ resource_id: "billing", actions: ["read"] }] }],
    };
    const set = await stytch.rbac.organizations.setOrgPolicy({ organization_id: own.organization_id, org_policy });
    assert.deepEqual(set.org_policy, org_policy);
    const got = await stytch.rbac.organizations.getOrgPolicy({ organization_id: own.organization_id });
    assert.deepEqual(got.org_policy, org_policy);
    const { organization } = await stytch.organizations.get({ organization_id: own.organization_id });
    assert.deepEqual(organization.custom_roles, org_policy.roles);
    await expectStytchError(
      stytch.rbac.organizations.setOrgPolicy({
        organization_id: own.organization_id,
        org_policy: { roles: [{ role_id: "billing_admin", description: "", permissions: [] }] },
      }),
      { status_code: 400, error_type: "invalid_role" },
    );
    await expectStytchError(
      stytch.rbac.organizations.getOrgPolicy({ organization_id: "organization-test-00000000-0000-4000-8000-000000000000" }),
      { status_code: 404, error_type: "organization_not_found" },
    );
  });

  test("members may hold only roles that exist", async () => {
    await expectStytchError(
      stytch.organizations.members.create({ organization_id: org.organization_id, email_address: unique.emailIn(domain), roles: ["ghost"] }),
      { status_code: 400, error_type: "invalid_role" },
    );
  });

  test("authorization_check on sessions.authenticate by token and by JWT", async () => {
    const biller = await memberWithRoles(org.organization_id, domain, ["billing_admin"]);
    const plain = await memberWithRoles(org.organization_id, domain, []);
    const authorization_check = { organization_id: org.organization_id, resource_id: "billing", action: "cancel" };

    const byToken = await stytch.sessions.authenticate({ session_token: biller.session_token, authorization_check });
    assert.deepEqual(byToken.verdict, { authorized: true, granting_roles: ["billing_admin"] });
    assert.ok(byToken.member_session.roles.includes("billing_admin"));
    const byJwt = await stytch.sessions.authenticate({ session_jwt: biller.session_jwt, authorization_check });
    assert.equal(byJwt.verdict.authorized, true);

    await expectStytchError(stytch.sessions.authenticate({ session_token: plain.session_token, authorization_check }), {
      status_code: 403,
      error_type: "session_authorization_error",
    });
    const elsewhere = await createOrganization(stytch);
    await expectStytchError(
      stytch.sessions.authenticate({
        session_jwt: biller.session_jwt,
        authorization_check: { ...authorization_check, organization_id: elsewhere.organization_id },
      }),
      { status_code: 403, error_type: "session_authorization_tenancy_error" },
    );
  });

  test("authenticateJwtLocal with an authorization_check fetches the policies and decides as the server does", async () => {
    const own = await createOrganizationAllowing(stytch, domain);
    await stytch.rbac.organizations.setOrgPolicy({
      organization_id: own.organization_id,
      org_policy: { roles: [{ role_id: "auditor", description: "", permissions: [{ resource_id: "billing", actions: ["read"] }] }] },
    });
    const auditor = await memberWithRoles(own.organization_id, domain, ["auditor"]);
    const admin = await memberWithRoles(own.organization_id, domain, ["stytch_admin"]);
    const check = (resource_id, action) => ({ organization_id: own.organization_id, resource_id, action });

    const local = await stytch.sessions.authenticateJwtLocal({
      session_jwt: auditor.session_jwt,
      authorization_check: check("billing", "read"),
    });
    assert.ok(local.roles.includes("auditor"));
    const denied = await localError(
      stytch.sessions.authenticateJwtLocal({ session_jwt: auditor.session_jwt, authorization_check: check("billing", "cancel") }),
    );
    assert.equal(denied.code, "invalid_permissions");
    const tenancy = await localError(
      stytch.sessions.authenticateJwtLocal({
        session_jwt: auditor.session_jwt,
        authorization_check: { ...check("billing", "read"), organization_id: org.organization_id },
      }),
    );
    assert.equal(tenancy.code, "tenancy_mismatch");
    await stytch.sessions.authenticateJwtLocal({ session_jwt: admin.session_jwt, authorization_check: check("stytch.member", "delete") });
    await stytch.sessions.authenticateJwtLocal({ session_jwt: admin.session_jwt, authorization_check: check("billing", "read") });

    // The same checks remotely agree.
    for (const [who, resource, action, allowed] of [
      [auditor, "billing", "read", true],
      [auditor, "billing", "cancel", false],
      [admin, "stytch.member", "delete", true],
      [admin, "billing", "update", false],
    ]) {
      const remote = stytch.sessions.authenticate({ session_jwt: who.session_jwt, authorization_check: check(resource, action) });
      if (allowed) {
        assert.equal((await remote).verdict.authorized, true);
      } else {
        await expectStytchError(remote, { status_code: 403, error_type: "session_authorization_error" });
      }
    }
    const viaAuthenticateJwt = await stytch.sessions.authenticateJwt({
      session_jwt: auditor.session_jwt,
      authorization_check: check("billing", "read"),
    });
    assert.equal(viaAuthenticateJwt.member_session.member_id, auditor.member_id);
  });

  test("calls made with a member's session go ahead only as far as its roles allow", async () => {
    const own = await createOrganizationAllowing(stytch, domain);
    const admin = await memberWithRoles(own.organization_id, domain, ["stytch_admin"]);
    const plain = await memberWithRoles(own.organization_id, domain, []);
    const asPlain = { authorization: { session_token: plain.session_token } };
    const asAdmin = { authorization: { session_jwt: admin.session_jwt } };

    const self = await stytch.organizations.members.update(
      { organization_id: own.organization_id, member_id: plain.member_id, name: "Myself" },
      asPlain,
    );
    assert.equal(self.member.name, "Myself");
    await expectStytchError(
      stytch.organizations.members.update({ organization_id: own.organization_id, member_id: admin.member_id, name: "x" }, asPlain),
      { status_code: 403, error_type: "session_authorization_error" },
    );
    await expectStytchError(
      stytch.organizations.members.update({ organization_id: own.organization_id, member_id: plain.member_id, roles: ["stytch_admin"] }, asPlain),
      { status_code: 403, error_type: "session_authorization_error" },
    );
    await expectStytchError(stytch.organizations.update({ organization_id: own.organization_id, organization_name: "x" }, asPlain), {
      status_code: 403,
      error_type: "session_authorization_error",
    });
    await expectStytchError(
      stytch.organizations.members.search({ organization_ids: [own.organization_id] }, asPlain),
      { status_code: 403, error_type: "session_authorization_error" },
    );

    const renamed = await stytch.organizations.update({ organization_id: own.organization_id, organization_name: "By the admin" }, asAdmin);
    assert.equal(renamed.organization.organization_name, "By the admin");
    const found = await stytch.organizations.members.search({ organization_ids: [own.organization_id] }, asAdmin);
    assert.ok(found.members.length >= 2);
    const created = await stytch.organizations.members.create(
      { organization_id: own.organization_id, email_address: unique.emailIn(domain) },
      asAdmin,
    );
    await stytch.organizations.members.delete({ organization_id: own.organization_id, member_id: created.member_id }, asAdmin);
    await expectStytchError(
      stytch.organizations.update({ organization_id: org.organization_id, organization_name: "x" }, asAdmin),
      { status_code: 403, error_type: "session_authorization_tenancy_error" },
    );
  });

  test("another project sees neither the policy nor the organization policy of this one", { skip: !otherProject }, async () => {
    const other = newClient(otherProject);
    const policy = await other.rbac.policy();
    assert.ok(!policy.policy.resources.some((r) => r.resource_id === "billing"));
    await expectStytchError(other.rbac.organizations.getOrgPolicy({ organization_id: org.organization_id }), {
      status_code: 404,
      error_type: "organization_not_found",
    });
  });
});

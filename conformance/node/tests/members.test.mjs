import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  RFC3339_UTC,
  createMember,
  createOrganization,
  expectStytchError,
  idsOf,
  newClient,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();
const members = stytch.organizations.members;

describe("members", () => {
  let org;

  before(async () => {
    org = await createOrganization(stytch);
  });

  test("create returns the active member with its metadata and roles", async () => {
    const email = unique.email("ada");
    const externalId = unique.externalId("ada");

    const response = await members.create({
      organization_id: org.organization_id,
      email_address: email,
      name: "Ada Lovelace",
      trusted_metadata: { employee_id: "E-1", level: 3 },
      untrusted_metadata: { theme: "dark" },
      roles: ["stytch_admin"],
      external_id: externalId,
    });

    assert.equal(response.status_code, 200);
    assert.ok(response.request_id);
    const member = response.member;
    assert.match(member.member_id, /^member-test-/);
    assert.equal(response.member_id, member.member_id);
    assert.equal(member.organization_id, org.organization_id);
    assert.equal(member.email_address, email);
    assert.equal(member.name, "Ada Lovelace");
    assert.equal(member.status, "active");
    assert.equal(member.external_id, externalId);
    assert.deepEqual(member.trusted_metadata, { employee_id: "E-1", level: 3 });
    assert.deepEqual(member.untrusted_metadata, { theme: "dark" });
    const admin = member.roles.find((role) => role.role_id === "stytch_admin");
    assert.ok(admin, `stytch_admin in ${JSON.stringify(member.roles)}`);
    assert.ok(admin.sources.some((source) => source.type === "direct_assignment"));
    assert.equal(member.is_admin, true);
    assert.equal(member.is_breakglass, false);
    assert.equal(member.email_address_verified, false);
    assert.equal(member.mfa_phone_number, "");
    assert.equal(member.member_password_id, "");
    assert.equal(member.totp_registration_id, "");
    assert.deepEqual(member.retired_email_addresses, []);
    assert.deepEqual(member.sso_registrations, []);
    assert.deepEqual(member.oauth_registrations, []);
    assert.match(member.created_at, RFC3339_UTC);
    assert.equal(response.organization.organization_id, org.organization_id);
    assert.equal(response.organization.organization_slug, org.organization_slug);
  });

  test("create without roles gives a plain member", async () => {
    const member = await createMember(stytch, org.organization_id);

    assert.equal(member.is_admin, false);
    assert.ok(!member.roles.some((role) => role.role_id === "stytch_admin"));
    assert.equal(member.name, "");
  });

  test("create as pending makes a pending member", async () => {
    const member = await createMember(stytch, org.organization_id, { create_member_as_pending: true });

    assert.equal(member.status, "pending");
  });

  test("create with an email already in the organization, in any case, is duplicate_member_email", async () => {
    const member = await createMember(stytch, org.organization_id);

    for (const email of [member.email_address, member.email_address.toUpperCase()]) {
      await expectStytchError(members.create({ organization_id: org.organization_id, email_address: email }), {
        status_code: 400,
        error_type: "duplicate_member_email",
      });
    }
  });

  test("get finds the member by member_id and by email_address", async () => {
    const created = await createMember(stytch, org.organization_id, { name: "Grace Hopper" });

    const byId = await members.get({ organization_id: org.organization_id, member_id: created.member_id });
    const byEmail = await members.get({
      organization_id: org.organization_id,
      email_address: created.email_address,
    });

    for (const response of [byId, byEmail]) {
      assert.equal(response.status_code, 200);
      assert.equal(response.member_id, created.member_id);
      assert.deepEqual(response.member, created);
      assert.equal(response.organization.organization_id, org.organization_id);
    }
  });

  test("get of an unknown member is member_not_found", async () => {
    await expectStytchError(
      members.get({ organization_id: org.organization_id, email_address: unique.email("nobody") }),
      { status_code: 404, error_type: "member_not_found" },
    );
  });

  test("update changes the name and merges both metadata objects", async () => {
    const created = await createMember(stytch, org.organization_id, {
      name: "Before",
      trusted_metadata: { plan: "free", seats: 5 },
      untrusted_metadata: { theme: "dark", lang: "en" },
    });

    const response = await members.update({
      organization_id: org.organization_id,
      member_id: created.member_id,
      name: "After",
      trusted_metadata: { plan: null, seats: 10 },
      untrusted_metadata: { lang: "fr" },
    });

    assert.equal(response.status_code, 200);
    assert.equal(response.member_id, created.member_id);
    assert.equal(response.member.name, "After");
    assert.deepEqual(response.member.trusted_metadata, { seats: 10 });
    assert.deepEqual(response.member.untrusted_metadata, { theme: "dark", lang: "fr" });
    assert.equal(response.organization.organization_id, org.organization_id);

    const fetched = await members.get({ organization_id: org.organization_id, member_id: created.member_id });
    assert.deepEqual(fetched.member, response.member);
  });

  test("update without roles keeps the member's roles", async () => {
    const created = await createMember(stytch, org.organization_id, { roles: ["stytch_admin"] });

    const updated = (
      await members.update({ organization_id: org.organization_id, member_id: created.member_id, name: "Renamed" })
    ).member;

    assert.deepEqual(updated.roles, created.roles);
    assert.equal(updated.is_admin, true);
  });

  test("update with an empty roles list keeps the member's roles", async () => {
    const created = await createMember(stytch, org.organization_id, { roles: ["stytch_admin"] });

    const updated = (
      await members.update({ organization_id: org.organization_id, member_id: created.member_id, roles: [] })
    ).member;

    assert.deepEqual(updated.roles, created.roles);
    assert.equal(updated.is_admin, true);
  });

  test("update with only stytch_member in roles removes the explicitly assigned roles", async () => {
    const created = await createMember(stytch, org.organization_id, { roles: ["stytch_admin", "editor"] });

    const updated = (
      await members.update({ organization_id: org.organization_id, member_id: created.member_id, roles: ["stytch_member"] })
    ).member;

    assert.deepEqual(
      updated.roles.map((role) => role.role_id),
      ["stytch_member"],
    );
    assert.equal(updated.is_admin, false);
  });

  test("get and update address the member by its external_id and the organization by its slug", async () => {
    const created = await createMember(stytch, org.organization_id, { external_id: unique.externalId("member") });

    const fetched = await members.get({ organization_id: org.organization_slug, member_id: created.external_id });
    const updated = await members.update({
      organization_id: org.organization_slug,
      member_id: created.external_id,
      name: "Addressed by external id",
    });

    assert.equal(fetched.member_id, created.member_id);
    assert.equal(updated.member_id, created.member_id);
    assert.equal(updated.member.name, "Addressed by external id");
  });

  test("search filters by email within the given organizations and returns those organizations", async () => {
    const wanted = await createMember(stytch, org.organization_id);
    await createMember(stytch, org.organization_id);

    const response = await members.search({
      organization_ids: [org.organization_id],
      query: { operator: "AND", operands: [{ filter_name: "member_emails", filter_value: [wanted.email_address] }] },
    });

    assert.equal(response.status_code, 200);
    assert.deepEqual(idsOf(response.members, "member_id"), [wanted.member_id]);
    assert.equal(response.results_metadata.total, 1);
    assert.deepEqual(Object.keys(response.organizations), [org.organization_id]);
    assert.equal(response.organizations[org.organization_id].organization_slug, org.organization_slug);
  });

  test("search across two organizations returns members of both, keyed organizations included", async () => {
    const [first, second] = [await createOrganization(stytch), await createOrganization(stytch)];
    const a = await createMember(stytch, first.organization_id);
    const b = await createMember(stytch, second.organization_id);

    const response = await members.search({ organization_ids: [first.organization_id, second.organization_id] });

    assert.deepEqual(idsOf(response.members, "member_id"), [a.member_id, b.member_id].sort());
    assert.deepEqual(Object.keys(response.organizations).sort(), [first.organization_id, second.organization_id].sort());
    assert.equal(response.organizations[first.organization_id].organization_name, first.organization_name);
    assert.equal(response.organizations[second.organization_id].organization_name, second.organization_name);
  });

  test("search with member_email_fuzzy finds members whose email contains the text", async () => {
    const own = await createOrganization(stytch);
    const token = unique.suffix();
    const matching = [
      await createMember(stytch, own.organization_id, { email_address: unique.email(`x${token}`) }),
      await createMember(stytch, own.organization_id, { email_address: unique.email(`${token}y`) }),
    ];
    await createMember(stytch, own.organization_id);

    const response = await members.search({
      organization_ids: [own.organization_id],
      query: { operator: "AND", operands: [{ filter_name: "member_email_fuzzy", filter_value: token }] },
    });

    assert.deepEqual(idsOf(response.members, "member_id"), idsOf(matching, "member_id"));
  });

  test("search without a query leaves deleted members out and a statuses filter finds them", async () => {
    const own = await createOrganization(stytch);
    const active = await createMember(stytch, own.organization_id);
    const deleted = await createMember(stytch, own.organization_id);
    await members.delete({ organization_id: own.organization_id, member_id: deleted.member_id });

    const all = await members.search({ organization_ids: [own.organization_id] });
    const onlyDeleted = await members.search({
      organization_ids: [own.organization_id],
      query: { operator: "AND", operands: [{ filter_name: "statuses", filter_value: ["deleted"] }] },
    });

    assert.deepEqual(idsOf(all.members, "member_id"), [active.member_id]);
    assert.deepEqual(idsOf(onlyDeleted.members, "member_id"), [deleted.member_id]);
    assert.equal(onlyDeleted.members[0].status, "deleted");
  });

  test("search pages through the results with limit and cursor", async () => {
    const own = await createOrganization(stytch);
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await createMember(stytch, own.organization_id));
    }

    const first = await members.search({ organization_ids: [own.organization_id], limit: 2 });
    assert.equal(first.members.length, 2);
    assert.equal(first.results_metadata.total, 3);
    assert.ok(first.results_metadata.next_cursor, "first page has a next_cursor");

    const second = await members.search({
      organization_ids: [own.organization_id],
      limit: 2,
      cursor: first.results_metadata.next_cursor,
    });
    assert.equal(second.members.length, 1);
    assert.ok(!second.results_metadata.next_cursor, "last page has no next_cursor");
    assert.deepEqual(idsOf([...first.members, ...second.members], "member_id"), idsOf(created, "member_id"));
  });

  test("delete marks the member deleted", async () => {
    const created = await createMember(stytch, org.organization_id);

    const response = await members.delete({ organization_id: org.organization_id, member_id: created.member_id });

    assert.equal(response.status_code, 200);
    assert.ok(response.request_id);
    assert.equal(response.member_id, created.member_id);
    const withDeleted = await members.dangerouslyGet({ member_id: created.member_id, include_deleted: true });
    assert.equal(withDeleted.member.status, "deleted");
    for (const include_deleted of [undefined, false]) {
      await expectStytchError(members.dangerouslyGet({ member_id: created.member_id, include_deleted }), {
        status_code: 404,
        error_type: "member_not_found",
      });
    }
  });

  test("delete frees the email for a new member", async () => {
    const created = await createMember(stytch, org.organization_id);
    await members.delete({ organization_id: org.organization_id, member_id: created.member_id });

    const again = await createMember(stytch, org.organization_id, { email_address: created.email_address });

    assert.notEqual(again.member_id, created.member_id);
    assert.equal(again.status, "active");
  });

  test("reactivate of a deleted member whose email is unverified is email_unverified_for_reactivation", async () => {
    const created = await createMember(stytch, org.organization_id);
    await members.delete({ organization_id: org.organization_id, member_id: created.member_id });

    await expectStytchError(
      members.reactivate({ organization_id: org.organization_id, member_id: created.member_id }),
      { status_code: 400, error_type: "email_unverified_for_reactivation" },
    );
  });

  test("reactivate of an active member is no_deleted_member_found_for_reactivation", async () => {
    const created = await createMember(stytch, org.organization_id);

    await expectStytchError(
      members.reactivate({ organization_id: org.organization_id, member_id: created.member_id }),
      { status_code: 404, error_type: "no_deleted_member_found_for_reactivation" },
    );
  });

  test("dangerouslyGet finds a member by member_id alone", async () => {
    const created = await createMember(stytch, org.organization_id, { name: "Found Anywhere" });

    const response = await members.dangerouslyGet({ member_id: created.member_id });

    assert.equal(response.status_code, 200);
    assert.equal(response.member_id, created.member_id);
    assert.deepEqual(response.member, created);
    assert.equal(response.organization.organization_id, org.organization_id);
  });
});

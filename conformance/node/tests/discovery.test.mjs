// Discovery: a discovery magic link mailed to an email with a place in several organizations,
// authenticated into an intermediate session that lists them, then exchanged into one of them or
// spent on a new organization. Every API call is the official SDK's.
//
// Session JWTs are checked with authenticateJwtLocal before authenticateJwt, so authenticateJwt
// answers locally and this file makes no sessions/authenticate request on the shared server
// (login-flow.test.mjs compares that route's request counts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  RFC3339_UTC,
  awaitLink,
  awaitMessages,
  createOrganization,
  createOrganizationAllowing,
  discoveryLogin,
  discoveryTokenOf,
  expectStytchError,
  harnessUrl,
  newClient,
  signUp,
  startOwnServer,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();
const needsOwnServer = { skip: harnessUrl ? false : "LATCHKEY_HARNESS_URL not set (servers of a test's own)" };
const notFound = { status_code: 404, error_type: "intermediate_session_not_found" };

/**
 * One email's place among four organizations: an active member of `active`, invited to
 * `invited`, eligible by its domain for `eligible` (sign-up by domain restricted to it, and a
 * colleague there with a verified address), and not welcome in `closed` (same domain and
 * colleague, but sign-up by domain not allowed). `messages`: the mail the email has had so far.
 */
async function world() {
  const domain = unique.domain();
  const email = unique.emailIn(domain);

  const active = await createOrganizationAllowing(stytch, domain);
  const signedUp = await signUp(stytch, active.organization_id, email);

  const invited = await createOrganization(stytch, { email_invites: "ALL_ALLOWED" });
  const invite = await stytch.magicLinks.email.invite({ organization_id: invited.organization_id, email_address: email });
  assert.equal(invite.member.status, "invited");

  const eligible = await createOrganizationAllowing(stytch, domain);
  await signUp(stytch, eligible.organization_id, unique.emailIn(domain));

  const closed = await createOrganizationAllowing(stytch, domain);
  await signUp(stytch, closed.organization_id, unique.emailIn(domain));
  await stytch.organizations.update({ organization_id: closed.organization_id, email_jit_provisioning: "NOT_ALLOWED" });

  return {
    email,
    domain,
    active,
    activeMemberId: signedUp.member_id,
    invited,
    invitedMemberId: invite.member_id,
    eligible,
    closed,
    messages: 2,
  };
}

const orgIds = (found) => found.map((o) => o.organization.organization_id);
const typesByOrg = (found) => found.map((o) => [o.organization.organization_id, o.membership.type]);

/**
 * The world's memberships first, oldest first (by created_at, then member_id: members created in
 * the same millisecond tie), then the organization open by domain; never the closed one.
 */
function assertDiscoveredAsMemberInviteeAndEligible(found, w) {
  assert.equal(found.length, 3, JSON.stringify(orgIds(found)));
  assert.ok(!orgIds(found).includes(w.closed.organization_id), "the organization closed to JIT is not listed");
  const memberships = found.slice(0, 2);
  assert.deepEqual(
    memberships.map((o) => o.organization.organization_id).sort(),
    [w.active.organization_id, w.invited.organization_id].sort(),
  );
  const oldestFirst = [...memberships].sort(
    (a, b) =>
      Date.parse(a.membership.member.created_at) - Date.parse(b.membership.member.created_at) ||
      (a.membership.member.member_id < b.membership.member.member_id ? -1 : 1),
  );
  assert.deepEqual(orgIds(memberships), orgIds(oldestFirst), "memberships oldest first");

  for (const o of found) {
    assert.equal(typeof o.member_authenticated, "boolean");
    assert.equal(o.primary_required ?? null, null);
    assert.equal(o.mfa_required ?? null, null);
  }

  const active = memberships.find((o) => o.organization.organization_id === w.active.organization_id);
  assert.equal(active.member_authenticated, true);
  assert.equal(active.organization.organization_slug, w.active.organization_slug);
  assert.equal(active.organization.organization_name, w.active.organization_name);
  assert.equal(active.membership.type, "active_member");
  assert.equal(active.membership.member.member_id, w.activeMemberId);
  assert.equal(active.membership.member.status, "active");
  assert.match(active.membership.member.created_at, RFC3339_UTC);

  const invited = memberships.find((o) => o.organization.organization_id === w.invited.organization_id);
  assert.equal(invited.member_authenticated, true);
  assert.equal(invited.membership.type, "invited_member");
  assert.equal(invited.membership.member.member_id, w.invitedMemberId);
  assert.equal(invited.membership.member.status, "invited");
  assert.equal(invited.membership.member.email_address, w.email);

  const eligible = found[2];
  assert.equal(eligible.organization.organization_id, w.eligible.organization_id);
  assert.equal(eligible.member_authenticated, true);
  assert.equal(eligible.organization.email_jit_provisioning, "RESTRICTED");
  assert.equal(eligible.membership.type, "eligible_to_join_by_email_domain");
  assert.deepEqual(eligible.membership.details, { domain: w.domain });
  assert.equal(eligible.membership.member ?? null, null);
}

/** authenticateJwtLocal, then authenticateJwt answering from the local check (no request_id). */
async function assertVerifiesLocally(jwt, memberSession) {
  const local = await stytch.sessions.authenticateJwtLocal({ session_jwt: jwt });
  assert.equal(local.member_session_id, memberSession.member_session_id);
  assert.equal(local.member_id, memberSession.member_id);
  assert.equal(local.organization_id, memberSession.organization_id);
  assert.equal(Date.parse(local.expires_at), Date.parse(memberSession.expires_at));
  const checked = await stytch.sessions.authenticateJwt({ session_jwt: jwt });
  assert.equal(checked.member_session.member_session_id, memberSession.member_session_id);
  assert.equal(checked.request_id, undefined, "answered locally, not by the API");
  return local;
}

describe("discovery", () => {
  test("discovery lists memberships, invites and domain organizations, then exchanges into them with sessions that verify locally", async () => {
    const w = await world();

    // 1-3. discovery.send, the mailed discovery link, discovery.authenticate.
    const sent = await stytch.magicLinks.email.discovery.send({ email_address: w.email });
    assert.equal(sent.status_code, 200);
    assert.ok(sent.request_id);
    const [message] = await awaitMessages(w.email, { count: w.messages + 1 });
    assert.equal(message.subject, "Your login link");
    const link = await awaitLink(w.email, { messages: w.messages + 1 });
    assert.ok(link.startsWith("http://localhost:3000/authenticate?stytch_token_type=discovery&token="), link);
    const token = discoveryTokenOf(link);
    const discovered = await stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: token });
    assert.equal(discovered.status_code, 200);
    assert.ok(discovered.request_id);
    assert.ok(discovered.intermediate_session_token);
    assert.match(discovered.intermediate_session_token_expires_at, RFC3339_UTC);
    assert.equal(discovered.email_address, w.email);
    assertDiscoveredAsMemberInviteeAndEligible(discovered.discovered_organizations, w);

    // 4. discovery.organizations.list with the intermediate session: the same organizations, in
    //    the same order, and listing does not spend the token.
    const ist = discovered.intermediate_session_token;
    const listed = await stytch.discovery.organizations.list({ intermediate_session_token: ist });
    assert.equal(listed.status_code, 200);
    assert.equal(listed.email_address, w.email);
    assert.equal(listed.organization_id_hint ?? null, null);
    assertDiscoveredAsMemberInviteeAndEligible(listed.discovered_organizations, w);
    assert.deepEqual(orgIds(listed.discovered_organizations), orgIds(discovered.discovered_organizations));
    const again = await stytch.discovery.organizations.list({ intermediate_session_token: ist });
    assert.equal(again.discovered_organizations.length, 3);

    // 5. Exchange into the inviting organization: the invite is accepted, a full session.
    const joined = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: ist,
      organization_id: w.invited.organization_id,
    });
    assert.equal(joined.status_code, 200);
    assert.ok(joined.request_id);
    assert.equal(joined.member_authenticated, true);
    assert.equal(joined.intermediate_session_token, "");
    assert.equal(joined.member_id, w.invitedMemberId);
    assert.equal(joined.member.member_id, w.invitedMemberId);
    assert.equal(joined.member.status, "active");
    assert.equal(joined.member.email_address_verified, true);
    assert.equal(joined.organization.organization_id, w.invited.organization_id);
    assert.ok(joined.session_token);
    assert.ok(joined.session_jwt);
    assert.equal(joined.mfa_required ?? null, null);
    assert.equal(joined.primary_required ?? null, null);
    const session = joined.member_session;
    assert.equal(session.member_id, w.invitedMemberId);
    assert.equal(session.organization_id, w.invited.organization_id);
    assert.equal(session.organization_slug, w.invited.organization_slug);
    assert.equal(session.authentication_factors.length, 1);
    assert.equal(session.authentication_factors[0].type, "magic_link");
    assert.equal(session.authentication_factors[0].email_factor.email_address, w.email);

    // 6. The session JWT verifies locally against the JWKS.
    const local = await assertVerifiesLocally(joined.session_jwt, session);
    assert.equal(local.organization_slug, w.invited.organization_slug);

    // 7. The exchange spent the intermediate session, and the discovery link works only once.
    await expectStytchError(
      stytch.discovery.intermediateSessions.exchange({
        intermediate_session_token: ist,
        organization_id: w.eligible.organization_id,
      }),
      notFound,
    );
    await expectStytchError(stytch.discovery.organizations.list({ intermediate_session_token: ist }), notFound);
    await expectStytchError(stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: token }), {
      status_code: 401,
      error_type: "unable_to_auth_magic_link",
    });

    // 8. A second discovery login: the invite is now a membership; exchanged into the
    //    organization open by domain, it creates an active member with a verified address.
    const second = await discoveryLogin(stytch, w.email, { messages: w.messages + 2 });
    const afterInvite = typesByOrg(second.discovered_organizations);
    assert.deepEqual(afterInvite.slice(2), [[w.eligible.organization_id, "eligible_to_join_by_email_domain"]]);
    assert.deepEqual(
      afterInvite.slice(0, 2).sort(),
      [
        [w.active.organization_id, "active_member"],
        [w.invited.organization_id, "active_member"],
      ].sort(),
    );
    const jit = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: second.intermediate_session_token,
      organization_id: w.eligible.organization_id,
      session_duration_minutes: 120,
      session_custom_claims: { plan: "pro" },
    });
    assert.equal(jit.member_authenticated, true);
    assert.ok(jit.member_id);
    assert.ok(![w.activeMemberId, w.invitedMemberId].includes(jit.member_id), "a new member");
    assert.equal(jit.member.member_id, jit.member_id);
    assert.equal(jit.member.email_address, w.email);
    assert.equal(jit.member.status, "active");
    assert.equal(jit.member.email_address_verified, true);
    assert.equal(jit.member.organization_id, w.eligible.organization_id);
    assert.equal(jit.organization.organization_id, w.eligible.organization_id);
    const jitSession = jit.member_session;
    assert.equal(Date.parse(jitSession.expires_at) - Date.parse(jitSession.started_at), 120 * 60 * 1000);
    assert.deepEqual(jitSession.custom_claims, { plan: "pro" });
    const jitLocal = await assertVerifiesLocally(jit.session_jwt, jitSession);
    assert.deepEqual(jitLocal.custom_claims, { plan: "pro" });
    const { member } = await stytch.organizations.members.get({
      organization_id: w.eligible.organization_id,
      member_id: jit.member_id,
    });
    assert.equal(member.status, "active");

    // 9. A member session lists the email's memberships, now three, and no organization open by
    //    domain; by session token and by session JWT alike.
    for (const bySession of [{ session_token: jit.session_token }, { session_jwt: jit.session_jwt }]) {
      const memberships = await stytch.discovery.organizations.list(bySession);
      assert.equal(memberships.status_code, 200);
      assert.equal(memberships.email_address, w.email);
      assert.equal(memberships.organization_id_hint ?? null, null);
      assert.deepEqual(
        typesByOrg(memberships.discovered_organizations).sort(),
        [
          [w.active.organization_id, "active_member"],
          [w.invited.organization_id, "active_member"],
          [w.eligible.organization_id, "active_member"],
        ].sort(),
      );
    }
  });

  test("organizations.create from a discovery login makes the creator an admin with a session", async () => {
    const email = unique.email("founder");
    const login = await discoveryLogin(stytch, email);
    assert.deepEqual(login.discovered_organizations, []);
    const name = unique.name("Founded");
    const slug = unique.slug("founded");

    const created = await stytch.discovery.organizations.create({
      intermediate_session_token: login.intermediate_session_token,
      organization_name: name,
      organization_slug: slug,
    });

    assert.equal(created.status_code, 200);
    assert.equal(created.member_authenticated, true);
    assert.equal(created.intermediate_session_token, "");
    assert.equal(created.organization.organization_name, name);
    assert.equal(created.organization.organization_slug, slug);
    const founder = created.member;
    assert.equal(founder.member_id, created.member_id);
    assert.equal(founder.email_address, email);
    assert.equal(founder.status, "active");
    assert.equal(founder.email_address_verified, true);
    assert.equal(founder.is_admin, true);
    assert.ok(founder.roles.some((role) => role.role_id === "stytch_admin"), JSON.stringify(founder.roles));
    assert.ok(created.session_token);
    const session = created.member_session;
    assert.equal(session.organization_id, created.organization.organization_id);
    assert.ok(session.roles.includes("stytch_admin"));
    assert.ok(session.roles.includes("stytch_member"));
    const local = await assertVerifiesLocally(created.session_jwt, session);
    assert.ok(local.roles.includes("stytch_admin"));

    // The intermediate session is spent; the new organization is now among the email's.
    await expectStytchError(
      stytch.discovery.organizations.create({
        intermediate_session_token: login.intermediate_session_token,
        organization_name: unique.name("Again"),
      }),
      notFound,
    );
    const listed = await stytch.discovery.organizations.list({ session_token: created.session_token });
    assert.deepEqual(typesByOrg(listed.discovered_organizations), [[created.organization.organization_id, "active_member"]]);
  });

  test("organizations.create with only the intermediate session names the organization after the email's domain", async () => {
    const domain = unique.domain();
    const login = await discoveryLogin(stytch, unique.emailIn(domain));

    const created = await stytch.discovery.organizations.create({
      intermediate_session_token: login.intermediate_session_token,
    });

    assert.equal(created.member_authenticated, true);
    assert.equal(created.organization.organization_name, domain);
    assert.equal(created.organization.organization_slug, domain);
    assert.equal(created.member.is_admin, true);
    const local = await assertVerifiesLocally(created.session_jwt, created.member_session);
    assert.equal(local.organization_slug, domain);
  });

  test("an organization requiring MFA is listed as not authenticated, and its exchange and create answer with an intermediate session", async () => {
    const email = unique.email("cautious");
    const strict = await createOrganization(stytch, { email_invites: "ALL_ALLOWED", mfa_policy: "REQUIRED_FOR_ALL" });
    const invite = await stytch.magicLinks.email.invite({ organization_id: strict.organization_id, email_address: email });

    const login = await discoveryLogin(stytch, email, { messages: 2 });
    assert.equal(login.discovered_organizations.length, 1);
    const [listed] = login.discovered_organizations;
    assert.equal(listed.organization.organization_id, strict.organization_id);
    assert.equal(listed.membership.type, "invited_member");
    assert.equal(listed.member_authenticated, false);
    assert.equal(listed.primary_required ?? null, null);
    assert.deepEqual(listed.mfa_required.member_options, { mfa_phone_number: "", totp_registration_id: "" });
    assert.equal(listed.mfa_required.secondary_auth_initiated ?? null, null);

    const exchanged = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: login.intermediate_session_token,
      organization_id: strict.organization_id,
      // The language of an SMS sent at once; discovery sends none.
      locale: "en",
    });
    assert.equal(exchanged.status_code, 200);
    assert.equal(exchanged.mfa_required.secondary_auth_initiated ?? null, null);
    assert.equal(exchanged.member_authenticated, false);
    assert.ok(exchanged.intermediate_session_token);
    assert.notEqual(exchanged.intermediate_session_token, login.intermediate_session_token);
    assert.match(exchanged.intermediate_session_token_expires_at, RFC3339_UTC);
    assert.equal(exchanged.session_token, "");
    assert.equal(exchanged.session_jwt, "");
    assert.equal(exchanged.member_session ?? null, null);
    assert.equal(exchanged.member_id, invite.member_id);
    assert.equal(exchanged.member.email_address, email);
    assert.equal(exchanged.organization.mfa_policy, "REQUIRED_FOR_ALL");
    assert.equal(typeof exchanged.mfa_required.member_options.mfa_phone_number, "string");
    assert.equal(exchanged.primary_required ?? null, null);
    // The new intermediate session is bound to the organization, which listing names as its hint.
    const bound = await stytch.discovery.organizations.list({ intermediate_session_token: exchanged.intermediate_session_token });
    assert.equal(bound.organization_id_hint, strict.organization_id);
    assert.equal(bound.email_address, email);

    // organizations.create with mfa_policy REQUIRED_FOR_ALL: the creator still owes a second factor.
    const again = await discoveryLogin(stytch, email, { messages: 3 });
    const created = await stytch.discovery.organizations.create({
      intermediate_session_token: again.intermediate_session_token,
      organization_name: unique.name("Guarded"),
      organization_slug: unique.slug("guarded"),
      mfa_policy: "REQUIRED_FOR_ALL",
    });
    assert.equal(created.status_code, 200);
    assert.equal(created.member_authenticated, false);
    assert.ok(created.intermediate_session_token);
    assert.equal(created.session_token, "");
    assert.equal(created.session_jwt, "");
    assert.equal(created.member_session ?? null, null);
    assert.ok(created.mfa_required);
    assert.equal(created.organization.mfa_policy, "REQUIRED_FOR_ALL");
    assert.equal(created.member.is_admin, true);
  });

  test("an organization not accepting magic links is listed with primary_required and its exchange leaves a pending member", async () => {
    const domain = unique.domain();
    const email = unique.emailIn(domain);
    const passwordsOnly = await createOrganizationAllowing(stytch, domain);
    await signUp(stytch, passwordsOnly.organization_id, unique.emailIn(domain));
    await stytch.organizations.update({
      organization_id: passwordsOnly.organization_id,
      auth_methods: "RESTRICTED",
      allowed_auth_methods: ["password"],
    });

    const login = await discoveryLogin(stytch, email);
    assert.equal(login.discovered_organizations.length, 1);
    const [listed] = login.discovered_organizations;
    assert.equal(listed.organization.organization_id, passwordsOnly.organization_id);
    assert.equal(listed.membership.type, "eligible_to_join_by_email_domain");
    assert.equal(listed.member_authenticated, false);
    assert.deepEqual(listed.primary_required, { allowed_auth_methods: ["password"] });
    assert.equal(listed.mfa_required ?? null, null);

    const exchanged = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: login.intermediate_session_token,
      organization_id: passwordsOnly.organization_id,
    });
    assert.equal(exchanged.member_authenticated, false);
    assert.ok(exchanged.intermediate_session_token);
    assert.equal(exchanged.session_token, "");
    assert.equal(exchanged.session_jwt, "");
    assert.equal(exchanged.member_session ?? null, null);
    assert.deepEqual(exchanged.primary_required, { allowed_auth_methods: ["password"] });
    assert.equal(exchanged.member.email_address, email);
    assert.equal(exchanged.member.status, "pending");
    assert.equal(exchanged.organization.organization_id, passwordsOnly.organization_id);
  });

  test("an exchange refused for JIT leaves the intermediate session usable", async () => {
    const w = await world();
    const login = await discoveryLogin(stytch, w.email, { messages: w.messages + 1 });

    await expectStytchError(
      stytch.discovery.intermediateSessions.exchange({
        intermediate_session_token: login.intermediate_session_token,
        organization_id: w.closed.organization_id,
      }),
      { status_code: 403, error_type: "email_jit_provisioning_not_allowed" },
    );
    const elsewhere = await createOrganizationAllowing(stytch, unique.domain());
    await expectStytchError(
      stytch.discovery.intermediateSessions.exchange({
        intermediate_session_token: login.intermediate_session_token,
        organization_id: elsewhere.organization_id,
      }),
      { status_code: 403, error_type: "invalid_email_for_jit_provisioning" },
    );

    const joined = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: login.intermediate_session_token,
      organization_id: w.active.organization_id,
    });
    assert.equal(joined.member_authenticated, true);
    assert.equal(joined.member_id, w.activeMemberId);
  });

  test("an unknown discovery token is magic_link_not_found", async () => {
    await expectStytchError(
      stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: "unknown0unknown0unknown0unknown0unknown0unk" }),
      { status_code: 404, error_type: "magic_link_not_found" },
    );
  });

  test("discovery.organizations.list needs exactly one kind of token", async () => {
    await expectStytchError(stytch.discovery.organizations.list({}), {
      status_code: 400,
      error_type: "no_session_arguments",
    });
    const login = await discoveryLogin(stytch, unique.email());
    await expectStytchError(
      stytch.discovery.organizations.list({
        intermediate_session_token: login.intermediate_session_token,
        session_token: "a-session-token",
      }),
      { status_code: 400, error_type: "too_many_session_arguments" },
    );
  });

  describe("on a server of the test's own", needsOwnServer, () => {
    test("a discovery link goes to the redirect URL asked for and expires after the minutes asked for", async () => {
      const own = await startOwnServer();
      const email = unique.email("late");
      const sent = await own.client.magicLinks.email.discovery.send({
        email_address: email,
        discovery_redirect_url: "http://localhost:4000/discover",
        discovery_expiration_minutes: 5,
      });
      assert.equal(sent.status_code, 200);
      const link = await awaitLink(email, { mail: own.mail_url });
      assert.ok(link.startsWith("http://localhost:4000/discover?stytch_token_type=discovery&token="), link);

      await own.advanceClock(6 * 60);

      await expectStytchError(
        own.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: discoveryTokenOf(link) }),
        { status_code: 401, error_type: "unable_to_auth_magic_link" },
      );
    });
  });
});

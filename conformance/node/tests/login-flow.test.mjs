// The login flow of the seed guide and around it: email magic links, sessions, session JWTs
// verified locally against the JWKS. NodeSdkConformanceTest runs this file against a dev-mode
// server (mail from its dev mailbox) and again against a production-mode server (mail delivered
// over SMTP). Tests that move a server's clock or rotate its key get a server of their own.
//
// This is the only file that calls sessions/authenticate on the shared server, so its request
// counts there are this file's own (files run in parallel; tests within a file one at a time).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClientError } from "stytch";
import {
  RFC3339_UTC,
  authenticateMagicLink,
  awaitLink,
  awaitMessages,
  awaitRequestCount,
  createOrganization,
  createOrganizationAllowing,
  decodeJwt,
  expectStytchError,
  harnessUrl,
  newClient,
  requestCount,
  signUp,
  startOwnServer,
  tokenOf,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();
const SESSIONS_AUTHENTICATE = "/v1/b2b/sessions/authenticate";
const SESSIONS_GET = "/v1/b2b/sessions";
const needsOwnServer = { skip: harnessUrl ? false : "LATCHKEY_HARNESS_URL not set (servers of a test's own)" };

function assertIsTheMagicLinkFactor(factors, email) {
  assert.equal(factors.length, 1, JSON.stringify(factors));
  const [factor] = factors;
  assert.equal(factor.type, "magic_link");
  assert.equal(factor.delivery_method, "email");
  assert.equal(factor.email_factor.email_address, email);
  assert.ok(factor.email_factor.email_id);
}

async function expectLocalFailure(promise) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ClientError, `a ClientError, got ${error?.stack ?? error}`);
    assert.equal(error.code, "jwt_invalid");
    return true;
  });
}

describe("login flow", () => {
  test("the seed flow: a mailed magic link, a session whose JWT verifies locally, a revoke that remote checks see at once", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const email = unique.emailIn(domain);

    // 1. loginOrSignup: a new email in an allowed domain becomes a pending member.
    const sent = await stytch.magicLinks.email.loginOrSignup({
      organization_id: org.organization_id,
      email_address: email,
    });
    assert.equal(sent.status_code, 200);
    assert.equal(sent.member_created, true);
    assert.equal(sent.member.status, "pending");
    assert.equal(sent.member.email_address, email);
    assert.equal(sent.member_id, sent.member.member_id);
    assert.equal(sent.organization.organization_id, org.organization_id);

    // 2. The mail, and the token in its link.
    const token = tokenOf(await awaitLink(email));

    // 3. magicLinks.authenticate with a 60-minute session.
    const auth = await stytch.magicLinks.authenticate({ magic_links_token: token, session_duration_minutes: 60 });
    assert.equal(auth.status_code, 200);
    assert.equal(auth.member_authenticated, true);
    assert.equal(auth.member_id, sent.member_id);
    assert.equal(auth.organization_id, org.organization_id);
    assert.equal(auth.member.status, "active");
    assert.equal(auth.member.email_address_verified, true);
    assert.ok(auth.session_token);
    assert.ok(auth.session_jwt);
    assert.equal(auth.intermediate_session_token, "");
    const session = auth.member_session;
    assert.equal(session.member_id, auth.member_id);
    assert.equal(session.organization_id, org.organization_id);
    assert.equal(session.organization_slug, org.organization_slug);
    assert.match(session.started_at, RFC3339_UTC);
    assert.equal(Date.parse(session.expires_at) - Date.parse(session.started_at), 60 * 60 * 1000);
    assert.ok(session.roles.includes("stytch_member"));
    assertIsTheMagicLinkFactor(session.authentication_factors, email);

    // 4. The JWT verifies locally against the JWKS. authenticateJwtLocal never calls the API;
    //    authenticateJwt answers from the local check ({member_session, session_jwt}, no
    //    request_id) and makes no sessions/authenticate call.
    const jwt = auth.session_jwt;
    const remoteChecksBefore = await requestCount(SESSIONS_AUTHENTICATE);
    const local = await stytch.sessions.authenticateJwtLocal({ session_jwt: jwt });
    assert.equal(local.member_session_id, session.member_session_id);
    assert.equal(local.member_id, session.member_id);
    assert.equal(local.organization_id, org.organization_id);
    assert.equal(local.organization_slug, org.organization_slug);
    assert.equal(local.started_at, session.started_at);
    assert.equal(Date.parse(local.expires_at), Date.parse(session.expires_at));
    assert.deepEqual(local.roles, session.roles);
    assert.deepEqual(local.custom_claims, {});
    assertIsTheMagicLinkFactor(local.authentication_factors, email);
    const checked = await stytch.sessions.authenticateJwt({ session_jwt: jwt });
    assert.equal(checked.member_session.member_session_id, session.member_session_id);
    assert.equal(checked.session_jwt, jwt);
    assert.equal(checked.request_id, undefined, "answered locally, not by the API");

    // 5. sessions.authenticate by session_token: the one remote check of this test.
    const remote = await stytch.sessions.authenticate({ session_token: auth.session_token });
    assert.equal(remote.status_code, 200);
    assert.equal(remote.member_session.member_session_id, session.member_session_id);
    assert.equal(remote.member.member_id, auth.member_id);
    assert.equal(remote.organization.organization_id, org.organization_id);
    assert.equal(remote.session_token, auth.session_token);
    assert.ok(remote.session_jwt);
    // A request is counted just after it is answered: wait for this one, then for a later one.
    await awaitRequestCount(SESSIONS_AUTHENTICATE, (count) => count >= remoteChecksBefore + 1);
    const getsBefore = await requestCount(SESSIONS_GET);
    await stytch.sessions.get({ organization_id: org.organization_id, member_id: auth.member_id });
    await awaitRequestCount(SESSIONS_GET, (count) => count > getsBefore);
    assert.equal(
      await requestCount(SESSIONS_AUTHENTICATE),
      remoteChecksBefore + 1,
      "sessions/authenticate requests: only the explicit remote check, none from the JWT checks",
    );

    // 6. sessions.revoke; every remote check of the session fails at once.
    const revoked = await stytch.sessions.revoke({ session_token: auth.session_token });
    assert.equal(revoked.status_code, 200);
    const notFound = { status_code: 404, error_type: "session_not_found" };
    await expectStytchError(stytch.sessions.authenticate({ session_token: auth.session_token }), notFound);
    await expectStytchError(stytch.sessions.authenticate({ session_jwt: jwt }), notFound);

    // 7. Expected: a JWT is self-contained, so the one minted before the revoke still verifies
    //    locally until its exp (5 minutes after minting); past it the SDK asks the API, which
    //    knows of the revoke. Applications that must see a revoke at once check remotely.
    assert.equal((await stytch.sessions.authenticateJwtLocal({ session_jwt: jwt })).member_session_id, session.member_session_id);
    const { payload } = decodeJwt(jwt);
    assert.equal(payload.exp - payload.iat, 300);
    const pastExp = new Date((payload.exp + 1) * 1000);
    await expectLocalFailure(stytch.sessions.authenticateJwtLocal({ session_jwt: jwt, current_date: pastExp }));
    await expectStytchError(stytch.sessions.authenticateJwt({ session_jwt: jwt, current_date: pastExp }), notFound);
  });

  test("an active member's loginOrSignup mails a login link and creates no member", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const email = unique.emailIn(domain);
    const first = await signUp(stytch, org.organization_id, email);

    const again = await stytch.magicLinks.email.loginOrSignup({
      organization_id: org.organization_id,
      email_address: email,
      login_redirect_url: "http://localhost:4000/welcome",
    });
    assert.equal(again.member_created, false);
    assert.equal(again.member_id, first.member_id);
    assert.equal(again.member.status, "active");
    const [login] = await awaitMessages(email, { count: 2 });
    assert.match(login.subject, /^Log in to /);
    const link = await awaitLink(email, { messages: 2 });
    assert.ok(link.startsWith("http://localhost:4000/welcome?stytch_token_type=multi_tenant_magic_links&token="), link);

    const second = await authenticateMagicLink(stytch, tokenOf(link));
    assert.equal(second.member_id, first.member_id);
    assert.notEqual(second.member_session.member_session_id, first.member_session.member_session_id);
  });

  test("an invite mails a link that activates the invited member", async () => {
    const org = await createOrganization(stytch, { email_invites: "ALL_ALLOWED" });
    const email = unique.email("invitee");

    const invited = await stytch.magicLinks.email.invite({ organization_id: org.organization_id, email_address: email });
    assert.equal(invited.status_code, 200);
    assert.equal(invited.member.status, "invited");
    assert.equal(invited.member.email_address, email);
    assert.equal(invited.organization.organization_id, org.organization_id);
    const [message] = await awaitMessages(email);
    assert.match(message.subject, /^You have been invited to /);

    const auth = await authenticateMagicLink(stytch, tokenOf(await awaitLink(email)));
    assert.equal(auth.member_authenticated, true);
    assert.equal(auth.member_id, invited.member_id);
    assert.equal(auth.member.status, "active");
    assert.equal(auth.member.email_address_verified, true);
    assert.equal((await stytch.sessions.authenticateJwtLocal({ session_jwt: auth.session_jwt })).member_id, invited.member_id);
    const { member } = await stytch.organizations.members.get({
      organization_id: org.organization_id,
      member_id: invited.member_id,
    });
    assert.equal(member.status, "active");
  });

  test("a new email is email_jit_provisioning_not_allowed when the organization does not allow JIT", async () => {
    const domain = unique.domain();
    const org = await createOrganization(stytch, {
      email_allowed_domains: [domain],
      email_jit_provisioning: "NOT_ALLOWED",
    });

    await expectStytchError(
      stytch.magicLinks.email.loginOrSignup({ organization_id: org.organization_id, email_address: unique.emailIn(domain) }),
      { status_code: 403, error_type: "email_jit_provisioning_not_allowed" },
    );
  });

  test("a new email outside the allowed domains is invalid_email_for_jit_provisioning", async () => {
    const org = await createOrganizationAllowing(stytch, unique.domain());

    await expectStytchError(
      stytch.magicLinks.email.loginOrSignup({
        organization_id: org.organization_id,
        email_address: unique.emailIn(unique.domain()),
      }),
      { status_code: 403, error_type: "invalid_email_for_jit_provisioning" },
    );
  });

  test("a magic link token works once; reused it is unable_to_auth_magic_link", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const email = unique.emailIn(domain);
    await stytch.magicLinks.email.loginOrSignup({ organization_id: org.organization_id, email_address: email });
    const token = tokenOf(await awaitLink(email));
    await authenticateMagicLink(stytch, token);

    await expectStytchError(authenticateMagicLink(stytch, token), {
      status_code: 401,
      error_type: "unable_to_auth_magic_link",
    });
  });

  test("an unknown magic link token is magic_link_not_found", async () => {
    await expectStytchError(authenticateMagicLink(stytch, "unknown0unknown0unknown0unknown0unknown0unk"), {
      status_code: 404,
      error_type: "magic_link_not_found",
    });
  });

  test("sessions.get lists the member's standing sessions and not revoked ones", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const email = unique.emailIn(domain);
    const first = await signUp(stytch, org.organization_id, email);
    await stytch.magicLinks.email.loginOrSignup({ organization_id: org.organization_id, email_address: email });
    const second = await authenticateMagicLink(stytch, tokenOf(await awaitLink(email, { messages: 2 })));

    const listed = await stytch.sessions.get({ organization_id: org.organization_id, member_id: first.member_id });
    assert.equal(listed.status_code, 200);
    assert.deepEqual(
      listed.member_sessions.map((s) => s.member_session_id).sort(),
      [first.member_session.member_session_id, second.member_session.member_session_id].sort(),
    );
    const one = listed.member_sessions.find((s) => s.member_session_id === first.member_session.member_session_id);
    assert.equal(one.member_id, first.member_id);
    assert.equal(one.organization_id, org.organization_id);
    assert.equal(one.expires_at, first.member_session.expires_at);
    assertIsTheMagicLinkFactor(one.authentication_factors, email);

    await stytch.sessions.revoke({ member_session_id: first.member_session.member_session_id });
    const after = await stytch.sessions.get({ organization_id: org.organization_id, member_id: first.member_id });
    assert.deepEqual(
      after.member_sessions.map((s) => s.member_session_id),
      [second.member_session.member_session_id],
    );

    await stytch.sessions.revoke({ member_id: first.member_id });
    const none = await stytch.sessions.get({ organization_id: org.organization_id, member_id: first.member_id });
    assert.deepEqual(none.member_sessions, []);
    await expectStytchError(stytch.sessions.authenticate({ session_token: second.session_token }), {
      status_code: 404,
      error_type: "session_not_found",
    });
  });

  test("sessions.exchange moves the session to an organization where the email is invited", async () => {
    const domain = unique.domain();
    const home = await createOrganizationAllowing(stytch, domain);
    const other = await createOrganization(stytch, { email_invites: "ALL_ALLOWED" });
    const email = unique.emailIn(domain);
    const login = await signUp(stytch, home.organization_id, email);
    const invited = await stytch.magicLinks.email.invite({ organization_id: other.organization_id, email_address: email });

    const exchanged = await stytch.sessions.exchange({
      organization_id: other.organization_id,
      session_token: login.session_token,
    });

    assert.equal(exchanged.status_code, 200);
    assert.equal(exchanged.member_authenticated, true);
    assert.equal(exchanged.intermediate_session_token, "");
    assert.equal(exchanged.member_id, invited.member_id);
    assert.equal(exchanged.member.status, "active");
    assert.equal(exchanged.organization.organization_id, other.organization_id);
    assert.ok(exchanged.session_token);
    assert.notEqual(exchanged.session_token, login.session_token);
    assert.equal(exchanged.member_session.organization_id, other.organization_id);
    assertIsTheMagicLinkFactor(exchanged.member_session.authentication_factors, email);

    const local = await stytch.sessions.authenticateJwtLocal({ session_jwt: exchanged.session_jwt });
    assert.equal(local.member_session_id, exchanged.member_session.member_session_id);
    assert.equal(local.organization_id, other.organization_id);
    assert.equal(local.organization_slug, other.organization_slug);
    const remote = await stytch.sessions.authenticate({ session_token: exchanged.session_token });
    assert.equal(remote.member.member_id, invited.member_id);
  });

  test("an organization requiring MFA answers with an intermediate session the SDK parses", async () => {
    const domain = unique.domain();
    const strict = await createOrganizationAllowing(stytch, domain, { mfa_policy: "REQUIRED_FOR_ALL" });
    const email = unique.emailIn(domain);
    await stytch.magicLinks.email.loginOrSignup({ organization_id: strict.organization_id, email_address: email });

    const auth = await authenticateMagicLink(stytch, tokenOf(await awaitLink(email)));

    assert.equal(auth.status_code, 200);
    assert.equal(auth.member_authenticated, false);
    assert.ok(auth.intermediate_session_token);
    assert.equal(auth.session_token, "");
    assert.equal(auth.session_jwt, "");
    assert.equal(auth.member_session ?? null, null);
    assert.equal(typeof auth.mfa_required.member_options.mfa_phone_number, "string");
    assert.equal(auth.member.email_address, email);
    assert.equal(auth.organization.mfa_policy, "REQUIRED_FOR_ALL");

    // The same answer from sessions.exchange into that organization.
    const home = await createOrganizationAllowing(stytch, domain);
    const other = unique.emailIn(domain);
    const login = await signUp(stytch, home.organization_id, other);
    await stytch.magicLinks.email.invite({ organization_id: strict.organization_id, email_address: other });
    const exchanged = await stytch.sessions.exchange({
      organization_id: strict.organization_id,
      session_token: login.session_token,
    });
    assert.equal(exchanged.member_authenticated, false);
    assert.ok(exchanged.intermediate_session_token);
    assert.equal(exchanged.session_token, "");
    assert.equal(exchanged.session_jwt, "");
    assert.ok(exchanged.mfa_required);
  });

  test("custom claims and a new duration from sessions.authenticate reach the session and its next JWT", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const login = await signUp(stytch, org.organization_id, unique.emailIn(domain));

    const updated = await stytch.sessions.authenticate({
      session_token: login.session_token,
      session_duration_minutes: 120,
      session_custom_claims: { plan: "pro", seats: 5 },
    });

    assert.deepEqual(updated.member_session.custom_claims, { plan: "pro", seats: 5 });
    assert.ok(Date.parse(updated.member_session.expires_at) > Date.parse(login.member_session.expires_at));
    const local = await stytch.sessions.authenticateJwtLocal({ session_jwt: updated.session_jwt });
    assert.deepEqual(local.custom_claims, { plan: "pro", seats: 5 });
    assert.equal(Date.parse(local.expires_at), Date.parse(updated.member_session.expires_at));
  });

  test("authenticateJwt falls back to the API for a JWT that fails locally, and the API answers for the session", async () => {
    const domain = unique.domain();
    const org = await createOrganizationAllowing(stytch, domain);
    const auth = await signUp(stytch, org.organization_id, unique.emailIn(domain));
    const { payload } = decodeJwt(auth.session_jwt);
    const pastExp = new Date((payload.exp + 1) * 1000);

    await expectLocalFailure(stytch.sessions.authenticateJwtLocal({ session_jwt: auth.session_jwt, current_date: pastExp }));
    const remote = await stytch.sessions.authenticateJwt({ session_jwt: auth.session_jwt, current_date: pastExp });
    assert.equal(remote.status_code, 200, "answered by the API");
    assert.ok(remote.request_id);
    assert.equal(remote.member_session.member_session_id, auth.member_session.member_session_id);
    assert.ok(remote.session_jwt);
  });

  describe("on a server of the test's own", needsOwnServer, () => {
    test("an expired magic link token is unable_to_auth_magic_link", async () => {
      const own = await startOwnServer();
      const domain = unique.domain();
      const org = await createOrganizationAllowing(own.client, domain);
      const email = unique.emailIn(domain);
      await own.client.magicLinks.email.loginOrSignup({ organization_id: org.organization_id, email_address: email });
      const token = tokenOf(await awaitLink(email, { mail: own.mail_url }));

      // Sign-up links live 60 minutes by default.
      await own.advanceClock(61 * 60);

      await expectStytchError(authenticateMagicLink(own.client, token), {
        status_code: 401,
        error_type: "unable_to_auth_magic_link",
      });
    });

    test("after a key rotation JWTs signed with the old and the new key both verify locally", async () => {
      const own = await startOwnServer();
      const domain = unique.domain();
      const org = await createOrganizationAllowing(own.client, domain);
      const before = await signUp(own.client, org.organization_id, unique.emailIn(domain), { mail: own.mail_url });
      await own.client.sessions.authenticateJwtLocal({ session_jwt: before.session_jwt });
      const oldKid = decodeJwt(before.session_jwt).header.kid;

      const newKid = await own.rotateSigningKey();
      const after = await signUp(own.client, org.organization_id, unique.emailIn(domain), { mail: own.mail_url });

      assert.notEqual(newKid, oldKid);
      assert.equal(decodeJwt(after.session_jwt).header.kid, newKid);
      const jwks = await own.client.sessions.getJWKS({ project_id: own.project_id });
      assert.deepEqual(jwks.keys.map((key) => key.kid), [newKid, oldKid]);
      // The client that cached the old key set still verifies the old JWT from its cache.
      const cached = await own.client.sessions.authenticateJwtLocal({ session_jwt: before.session_jwt });
      assert.equal(cached.member_id, before.member_id);
      // A client without a cached set gets both keys. (The first client would refetch the set
      // for the new kid too, but jose refetches at most once per 30 s, so this test does not
      // depend on it.)
      const fresh = own.newClient();
      assert.equal((await fresh.sessions.authenticateJwtLocal({ session_jwt: after.session_jwt })).member_id, after.member_id);
      assert.equal((await fresh.sessions.authenticateJwtLocal({ session_jwt: before.session_jwt })).member_id, before.member_id);
    });
  });
});

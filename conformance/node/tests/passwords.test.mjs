// Passwords through the official Node SDK: every call of `stytch.passwords` (strength check,
// migrate, authenticate, the email reset and its require-reset, the reset by the existing password
// and by a session, and the discovery trio), each answer checked against what the SDK's types
// declare, and the refusals an application handles, as StytchErrors with Stytch's error types.
// Reset links are read from the mail, as the member would.
import assert from "node:assert/strict";
import { createHash, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { describe, test } from "node:test";
import {
  RFC3339_UTC,
  awaitLink,
  createOrganizationAllowing,
  expectStytchError,
  newClient,
  signUp,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();

const GOOD = "Correct-Horse-9";
const OTHER = "Battery-Staple-7";

/** The token of a password reset link, checking the link's shape. */
function resetTokenOf(link) {
  assert.match(link, /\?stytch_token_type=multi_tenant_passwords&token=[A-Za-z0-9_-]{43,}$/);
  return new URL(link).searchParams.get("token");
}

/** An organization open to sign-up from a fresh domain, and an address in it. */
async function organizationAndEmail() {
  const domain = unique.domain();
  const organization = await createOrganizationAllowing(stytch, domain);
  return { organization_id: organization.organization_id, email: unique.emailIn(domain) };
}

/** The fields every login answer of the passwords calls has, with a full session. */
function assertLoggedIn(response, { organization_id, email }) {
  assert.equal(response.status_code, 200);
  assert.ok(response.request_id);
  assert.equal(response.organization_id ?? response.organization.organization_id, organization_id);
  assert.equal(response.member.email_address, email);
  assert.equal(response.member_id, response.member.member_id);
  assert.equal(response.member_authenticated, true);
  assert.ok(response.session_token);
  assert.ok(response.session_jwt);
  assert.equal(response.intermediate_session_token, "");
  assert.equal(response.organization.organization_id, organization_id);
  const factors = response.member_session.authentication_factors;
  assert.equal(factors.at(-1).type, "password");
  assert.match(response.member_session.expires_at, RFC3339_UTC);
  assert.ok(response.member.member_password_id.startsWith("member-password-test-"));
}

/** A member of a fresh organization whose password is `password`, set through passwords.migrate (md_5). */
async function memberWithPassword(password = GOOD) {
  const { organization_id, email } = await organizationAndEmail();
  const salt = unique.suffix();
  const migrated = await stytch.passwords.migrate({
    organization_id,
    email_address: email,
    hash_type: "md_5",
    hash: createHash("md5").update(salt + password).digest("hex"),
    md_5_config: { prepend_salt: salt },
  });
  assert.equal(migrated.member_created, true);
  return { organization_id, email, member_id: migrated.member_id };
}

describe("passwords through the official Node SDK", () => {
  test("strengthCheck answers LUDS feedback in the SDK's shape, breach detection off", async () => {
    const weak = await stytch.passwords.strengthCheck({ password: "abc" });
    assert.equal(weak.status_code, 200);
    assert.ok(weak.request_id);
    assert.equal(weak.valid_password, false);
    assert.equal(weak.strength_policy, "luds");
    assert.equal(weak.breached_password, false);
    assert.equal(weak.breach_detection_on_create, false);
    assert.equal(typeof weak.score, "number");
    assert.deepEqual(Object.keys(weak.luds_feedback).sort(), [
      "has_digit",
      "has_lower_case",
      "has_symbol",
      "has_upper_case",
      "missing_characters",
      "missing_complexity",
    ]);
    assert.equal(weak.luds_feedback.missing_characters, 5);
    assert.equal(typeof weak.zxcvbn_feedback.warning, "string");
    assert.ok(Array.isArray(weak.zxcvbn_feedback.suggestions));

    const strong = await stytch.passwords.strengthCheck({ password: GOOD, email_address: unique.email() });
    assert.equal(strong.valid_password, true);
    assert.ok(strong.score >= 2, `score ${strong.score}`);

    const named = await stytch.passwords.strengthCheck({ password: "Jdoe1234-x", email_address: "jdoe1234@example.com" });
    assert.equal(named.valid_password, false, "a password holding the email's name is not valid");
  });

  test("migrate imports md_5, pbkdf_2 and scrypt hashes, with the member's fields, and each logs in", async () => {
    const { organization_id, email } = await organizationAndEmail();
    const salt = randomBytes(16);
    const migrated = await stytch.passwords.migrate({
      organization_id,
      email_address: email,
      hash_type: "pbkdf_2",
      hash: pbkdf2Sync(GOOD, salt, 1000, 32, "sha256").toString("base64"),
      pbkdf_2_config: { salt: salt.toString("base64"), iteration_amount: 1000, key_length: 32 },
      name: "Imported Member",
      trusted_metadata: { plan: "gold" },
      untrusted_metadata: { theme: "dark" },
      external_id: unique.externalId("imported"),
    });
    assert.equal(migrated.status_code, 200);
    assert.ok(migrated.request_id);
    assert.equal(migrated.member_created, true);
    assert.equal(migrated.member.email_address, email);
    assert.equal(migrated.member.status, "active");
    assert.equal(migrated.member.email_address_verified, true);
    assert.equal(migrated.member.name, "Imported Member");
    assert.deepEqual(migrated.member.trusted_metadata, { plan: "gold" });
    assert.deepEqual(migrated.member.untrusted_metadata, { theme: "dark" });
    assert.ok(migrated.member.external_id.startsWith("imported-"));
    assert.equal(migrated.organization.organization_id, organization_id);
    assert.ok(!JSON.stringify(migrated).includes(salt.toString("base64")), "the answer holds no hash material");

    const login = await stytch.passwords.authenticate({
      organization_id,
      email_address: email,
      password: GOOD,
      session_duration_minutes: 30,
    });
    assertLoggedIn(login, { organization_id, email });
    // The hash was replaced by an Argon2id one at this login; the password still works.
    assertLoggedIn(await stytch.passwords.authenticate({ organization_id, email_address: email, password: GOOD }), {
      organization_id,
      email,
    });

    const scryptEmail = unique.emailIn(email.split("@")[1]);
    const scryptSalt = randomBytes(16);
    const viaScrypt = await stytch.passwords.migrate({
      organization_id,
      email_address: scryptEmail,
      hash_type: "scrypt",
      hash: scryptSync(GOOD, scryptSalt, 32, { N: 1024, r: 8, p: 1 }).toString("base64"),
      scrypt_config: { salt: scryptSalt.toString("base64"), n_parameter: 1024, r_parameter: 8, p_parameter: 1, key_length: 32 },
    });
    assert.equal(viaScrypt.member_created, true);
    assertLoggedIn(
      await stytch.passwords.authenticate({ organization_id, email_address: scryptEmail, password: GOOD }),
      { organization_id, email: scryptEmail },
    );
  });

  test("migrate refuses a malformed hash and an unknown hash type with Stytch's error types", async () => {
    const { organization_id, email } = await organizationAndEmail();
    await expectStytchError(
      stytch.passwords.migrate({ organization_id, email_address: email, hash_type: "rot13", hash: "abc" }),
      { status_code: 400, error_type: "invalid_hash_type" },
    );
    await expectStytchError(
      stytch.passwords.migrate({ organization_id, email_address: email, hash_type: "bcrypt", hash: "$2b$10$short" }),
      { status_code: 400, error_type: "invalid_bcrypt_hash" },
    );
    await expectStytchError(
      stytch.passwords.migrate({ organization_id, email_address: email, hash_type: "md_5", hash: "not-a-digest" }),
      { status_code: 400, error_type: "invalid_md_5_hash" },
    );
    const salt = randomBytes(16).toString("base64");
    await expectStytchError(
      stytch.passwords.migrate({
        organization_id,
        email_address: email,
        hash_type: "pbkdf_2",
        hash: randomBytes(32).toString("base64"),
        pbkdf_2_config: { salt, iteration_amount: 1000, key_length: 16 },
      }),
      { status_code: 400, error_type: "pbkdf_2_key_length_mismatch" },
    );
    await expectStytchError(
      stytch.passwords.migrate({
        organization_id,
        email_address: email,
        hash_type: "scrypt",
        hash: randomBytes(32).toString("base64"),
        scrypt_config: { salt, n_parameter: 1024, r_parameter: 8, p_parameter: 1, key_length: 64 },
      }),
      { status_code: 400, error_type: "scrypt_key_length_mismatch" },
    );
    // Nothing was created by the refusals.
    await expectStytchError(stytch.organizations.members.get({ organization_id, email_address: email }), {
      status_code: 404,
      error_type: "member_not_found",
    });
  });

  test("authenticate refuses a wrong password, an unknown email and a member without a password alike", async () => {
    const { organization_id, email } = await memberWithPassword();
    await expectStytchError(stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
    await expectStytchError(
      stytch.passwords.authenticate({ organization_id, email_address: unique.emailIn(email.split("@")[1]), password: GOOD }),
      { status_code: 401, error_type: "unauthorized_credentials" },
    );
    const withoutPassword = unique.emailIn(email.split("@")[1]);
    await signUp(stytch, organization_id, withoutPassword);
    await expectStytchError(
      stytch.passwords.authenticate({ organization_id, email_address: withoutPassword, password: GOOD }),
      { status_code: 401, error_type: "unauthorized_credentials" },
    );
    await expectStytchError(
      stytch.passwords.authenticate({ organization_id, email_address: email, password: "Bad\ud800Surrogate-1" }),
      { status_code: 400, error_type: "invalid_argument" },
    );
  });

  test("email.resetStart mails a link; email.reset sets the password once (with PKCE) and logs in", async () => {
    const { organization_id, email } = await organizationAndEmail();
    const signedUp = await signUp(stytch, organization_id, email);
    const code_verifier = randomBytes(32).toString("base64url");
    const code_challenge = createHash("sha256").update(code_verifier).digest("base64url");
    const started = await stytch.passwords.email.resetStart({
      organization_id,
      email_address: email,
      code_challenge,
      reset_password_expiration_minutes: 15,
    });
    assert.equal(started.status_code, 200);
    assert.ok(started.request_id);
    assert.equal(started.member_id, signedUp.member_id);
    assert.equal(started.member.member_id, signedUp.member_id);
    assert.ok(started.member_email_id.startsWith("email-test-"), started.member_email_id);
    const token = resetTokenOf(await awaitLink(email, { messages: 2 }));

    await expectStytchError(stytch.passwords.email.reset({ password_reset_token: token, password: "weak" }), {
      status_code: 400,
      error_type: "weak_password",
    });
    await expectStytchError(
      stytch.passwords.email.reset({ password_reset_token: token, password: GOOD, code_verifier: "x".repeat(43) }),
      { status_code: 400, error_type: "pkce_mismatch" },
    );
    const reset = await stytch.passwords.email.reset({
      password_reset_token: token,
      password: GOOD,
      code_verifier,
      session_duration_minutes: 60,
    });
    assertLoggedIn(reset, { organization_id, email });
    assert.equal(reset.member_email_id, started.member_email_id);
    await expectStytchError(stytch.passwords.email.reset({ password_reset_token: token, password: OTHER, code_verifier }), {
      status_code: 401,
      error_type: "unable_to_auth_magic_link",
    });
    assertLoggedIn(await stytch.passwords.authenticate({ organization_id, email_address: email, password: GOOD }), {
      organization_id,
      email,
    });
  });

  test("email.resetStart refuses an email with no member and a redirect URL off the allow-list", async () => {
    const { organization_id, email } = await organizationAndEmail();
    await expectStytchError(stytch.passwords.email.resetStart({ organization_id, email_address: email }), {
      status_code: 404,
      error_type: "member_not_found",
    });
    await signUp(stytch, organization_id, email);
    await expectStytchError(
      stytch.passwords.email.resetStart({
        organization_id,
        email_address: email,
        reset_password_redirect_url: "https://evil.example.com/reset",
      }),
      { status_code: 400, error_type: "invalid_reset_password_redirect_url" },
    );
  });

  test("existingPassword.reset changes the password given the old one and logs in", async () => {
    const { organization_id, email } = await memberWithPassword();
    await expectStytchError(
      stytch.passwords.existingPassword.reset({
        organization_id,
        email_address: email,
        existing_password: OTHER,
        new_password: OTHER,
      }),
      { status_code: 401, error_type: "unauthorized_credentials" },
    );
    await expectStytchError(
      stytch.passwords.existingPassword.reset({
        organization_id,
        email_address: email,
        existing_password: GOOD,
        new_password: "short",
      }),
      { status_code: 400, error_type: "weak_password" },
    );
    const changed = await stytch.passwords.existingPassword.reset({
      organization_id,
      email_address: email,
      existing_password: GOOD,
      new_password: OTHER,
      session_duration_minutes: 30,
    });
    assertLoggedIn(changed, { organization_id, email });
    await expectStytchError(stytch.passwords.authenticate({ organization_id, email_address: email, password: GOOD }), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
    assertLoggedIn(await stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      organization_id,
      email,
    });
  });

  test("sessions.reset sets a new password from a live session, by token or by JWT", async () => {
    const { organization_id, email } = await memberWithPassword();
    const login = await stytch.passwords.authenticate({
      organization_id,
      email_address: email,
      password: GOOD,
      session_duration_minutes: 60,
    });
    const byToken = await stytch.passwords.sessions.reset({
      organization_id,
      password: OTHER,
      session_token: login.session_token,
    });
    assert.equal(byToken.status_code, 200);
    assert.equal(byToken.member_authenticated, true);
    assert.equal(byToken.member.email_address, email);
    assert.equal(byToken.organization.organization_id, organization_id);
    assert.ok(byToken.session_token);
    assert.ok(byToken.session_jwt);
    assertLoggedIn(await stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      organization_id,
      email,
    });
    const byJwt = await stytch.passwords.sessions.reset({
      organization_id,
      password: GOOD,
      session_jwt: byToken.session_jwt,
    });
    assert.equal(byJwt.member_authenticated, true);
    await expectStytchError(
      stytch.passwords.sessions.reset({ organization_id, password: OTHER, session_token: "not-a-session-token" }),
      { status_code: 404, error_type: "session_not_found" },
    );
  });

  test("email.requireReset makes the next password login answer reset_password until a reset", async () => {
    const { organization_id, email, member_id } = await memberWithPassword();
    const required = await stytch.passwords.email.requireReset({ organization_id, email_address: email });
    assert.equal(required.status_code, 200);
    assert.ok(required.request_id);
    assert.equal(required.member_id, member_id);
    assert.equal(required.member.member_id, member_id);
    assert.equal(required.organization.organization_id, organization_id);
    await expectStytchError(stytch.passwords.authenticate({ organization_id, email_address: email, password: GOOD }), {
      status_code: 400,
      error_type: "reset_password",
    });
    // A wrong password still says only that it is wrong.
    await expectStytchError(stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
    await stytch.passwords.email.resetStart({ organization_id, email_address: email });
    const token = resetTokenOf(await awaitLink(email));
    assertLoggedIn(await stytch.passwords.email.reset({ password_reset_token: token, password: OTHER }), {
      organization_id,
      email,
    });
    assertLoggedIn(await stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      organization_id,
      email,
    });

    // Without an organization: every membership of the email, and no member in the answer.
    const everywhere = await stytch.passwords.email.requireReset({ email_address: email });
    assert.equal(everywhere.status_code, 200);
    await expectStytchError(stytch.passwords.authenticate({ organization_id, email_address: email, password: OTHER }), {
      status_code: 400,
      error_type: "reset_password",
    });
  });

  test("discovery: email.resetStart, email.reset and authenticate answer an intermediate session and the organizations", async () => {
    const domain = unique.domain();
    const email = unique.emailIn(domain);
    const first = await createOrganizationAllowing(stytch, domain);
    const second = await createOrganizationAllowing(stytch, domain);
    await signUp(stytch, first.organization_id, email);
    await stytch.magicLinks.email.loginOrSignup({ organization_id: second.organization_id, email_address: email });
    await awaitLink(email, { messages: 2 });

    const started = await stytch.passwords.discovery.email.resetStart({ email_address: email });
    assert.equal(started.status_code, 200);
    assert.ok(started.request_id);
    const token = resetTokenOf(await awaitLink(email, { messages: 3 }));
    const reset = await stytch.passwords.discovery.email.reset({ password_reset_token: token, password: GOOD });
    assert.equal(reset.status_code, 200);
    assert.ok(reset.request_id);
    assert.equal(reset.email_address, email);
    assert.ok(reset.intermediate_session_token);
    assert.match(reset.intermediate_session_token_expires_at, RFC3339_UTC);
    const ids = reset.discovered_organizations.map((d) => d.organization.organization_id);
    assert.ok(ids.includes(first.organization_id) && ids.includes(second.organization_id), JSON.stringify(ids));
    await expectStytchError(stytch.passwords.discovery.email.reset({ password_reset_token: token, password: OTHER }), {
      status_code: 401,
      error_type: "unable_to_auth_magic_link",
    });

    const login = await stytch.passwords.discovery.authenticate({ email_address: email, password: GOOD });
    assert.equal(login.status_code, 200);
    assert.equal(login.email_address, email);
    assert.ok(login.intermediate_session_token);
    assert.match(login.intermediate_session_token_expires_at, RFC3339_UTC);
    assert.deepEqual(
      login.discovered_organizations.map((d) => d.organization.organization_id).sort(),
      [...ids].sort(),
    );
    const exchanged = await stytch.discovery.intermediateSessions.exchange({
      intermediate_session_token: login.intermediate_session_token,
      organization_id: first.organization_id,
    });
    assert.equal(exchanged.member_authenticated, true);
    assert.equal(exchanged.member.email_address, email);

    // The password set by the discovery reset is the email's in each of its organizations.
    assertLoggedIn(
      await stytch.passwords.authenticate({ organization_id: second.organization_id, email_address: email, password: GOOD }),
      { organization_id: second.organization_id, email },
    );

    await expectStytchError(stytch.passwords.discovery.authenticate({ email_address: email, password: OTHER }), {
      status_code: 401,
      error_type: "unauthorized_credentials",
    });
    // An address with no membership gets the same answer from resetStart, and no mail.
    const stranger = await stytch.passwords.discovery.email.resetStart({ email_address: unique.emailIn(domain) });
    assert.equal(stranger.status_code, 200);
  });
});

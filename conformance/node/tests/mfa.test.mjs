// Second factors through the official Node SDK, in an organization that requires MFA of every
// member: a magic-link login stops at MFA with an intermediate session token, and an SMS
// passcode, a TOTP code or a recovery code completes it into a full session whose JWT verifies
// locally. Codes reach the test as they would reach the member: SMS from the dev mailbox, TOTP
// computed here from the secret (RFC 6238), recovery codes from the create answer.
import assert from "node:assert/strict";
import { createHmac, randomInt } from "node:crypto";
import { describe, test } from "node:test";
import {
  RFC3339_UTC,
  authenticateMagicLink,
  awaitLink,
  awaitMessages,
  createOrganizationAllowing,
  expectStytchError,
  newClient,
  tokenOf,
  unique,
} from "../support/latchkey.mjs";

const stytch = newClient();

/** A US number no other test uses, in the 555 exchange. */
const uniquePhone = () => `+1415555${String(randomInt(10_000)).padStart(4, "0")}`;

/** RFC 4648 base32, as authenticator apps read TOTP secrets. */
function base32decode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const c of text.toUpperCase().replace(/=+$/, "")) {
    const value = alphabet.indexOf(c);
    assert.ok(value >= 0, `base32 character ${c} in ${text}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (HMAC-SHA1, six digits, 30-second steps) at `time` (ms since the epoch). */
function totp(secret, time = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 1000 / 30)));
  const hmac = createHmac("sha1", base32decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

/** The six-digit code of the newest SMS to `phone`, read from the dev mailbox as the phone would show it. */
async function awaitSmsCode(phone) {
  const [sms] = await awaitMessages(phone);
  assert.equal(sms.kind, "sms", JSON.stringify(sms));
  const match = /\b(\d{6})\b/.exec(sms.text);
  assert.ok(match, `a six-digit code in the SMS to ${phone}: ${sms.text}`);
  return match[1];
}

/** An organization requiring MFA of every member, open to sign-up from its own domain. */
async function mfaOrganization() {
  const domain = unique.domain();
  const organization = await createOrganizationAllowing(stytch, domain, { mfa_policy: "REQUIRED_FOR_ALL" });
  assert.equal(organization.mfa_policy, "REQUIRED_FOR_ALL");
  return { organization_id: organization.organization_id, email: unique.emailIn(domain) };
}

/**
 * A magic-link login (the `messages`-th mail to `email`) that completes the first factor only:
 * no session, an intermediate session token instead.
 */
async function primaryFactorOnly(organization_id, email, { messages = 1 } = {}) {
  await stytch.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const response = await authenticateMagicLink(stytch, tokenOf(await awaitLink(email, { messages })));
  assert.equal(response.member_authenticated, false);
  assert.ok(response.intermediate_session_token, "an intermediate_session_token");
  assert.equal(response.session_token, "");
  assert.equal(response.session_jwt, "");
  assert.ok(response.mfa_required, "mfa_required");
  return response;
}

function assertFactors(factors, second) {
  assert.deepEqual(
    factors.map(({ type, delivery_method }) => ({ type, delivery_method })),
    [{ type: "magic_link", delivery_method: "email" }, second],
    JSON.stringify(factors),
  );
  for (const factor of factors) {
    assert.match(factor.last_authenticated_at, RFC3339_UTC);
  }
}

/** A full session: token, JWT, and a JWT that `sessions.authenticateJwt` verifies without the API. */
async function assertFullSessionVerifiedLocally(response, member_id, second) {
  assert.equal(response.status_code, 200);
  assert.ok(response.session_token, "a session_token");
  assert.ok(response.session_jwt, "a session_jwt");
  assert.equal(response.member_session.member_id, member_id);
  assertFactors(response.member_session.authentication_factors, second);
  const verified = await stytch.sessions.authenticateJwt({ session_jwt: response.session_jwt });
  assert.equal(verified.request_id, undefined, "verified locally (the API's answer has a request_id)");
  assert.equal(verified.member_session.member_session_id, response.member_session.member_session_id);
  assertFactors(verified.member_session.authentication_factors, second);
  return verified.member_session;
}

describe("MFA", () => {
  test("an SMS passcode completes a magic-link login into a session with both factors that verifies locally", async () => {
    const { organization_id, email } = await mfaOrganization();
    const primary = await primaryFactorOnly(organization_id, email);
    const { member_id, intermediate_session_token } = primary;
    const phone = uniquePhone();

    const sent = await stytch.otps.sms.send({
      organization_id,
      member_id,
      mfa_phone_number: phone,
      intermediate_session_token,
    });
    assert.equal(sent.status_code, 200);
    assert.equal(sent.member.member_id, member_id);
    assert.equal(sent.member.mfa_phone_number, phone);
    assert.equal(sent.member.mfa_phone_number_verified, false);
    assert.equal(sent.organization.organization_id, organization_id);

    const code = await awaitSmsCode(phone);
    const done = await stytch.otps.sms.authenticate({ organization_id, member_id, code, intermediate_session_token });
    assert.equal(done.member.mfa_phone_number_verified, true);
    assert.equal(done.member.mfa_enrolled, true);
    const session = await assertFullSessionVerifiedLocally(done, member_id, { type: "otp", delivery_method: "sms" });
    const [magicLink, sms] = session.authentication_factors;
    assert.equal(magicLink.email_factor.email_address, email);
    assert.equal(sms.phone_number_factor.phone_number, phone);
    assert.ok(sms.phone_number_factor.phone_id);

    // The intermediate session was consumed by the mint.
    await expectStytchError(
      stytch.otps.sms.authenticate({ organization_id, member_id, code, intermediate_session_token }),
      { status_code: 404, error_type: "intermediate_session_not_found" },
    );
  });

  test("a TOTP code computed from the created secret completes MFA once, and the same code is refused after", async () => {
    const { organization_id, email } = await mfaOrganization();
    const primary = await primaryFactorOnly(organization_id, email);
    const { member_id } = primary;

    const created = await stytch.totps.create({
      organization_id,
      member_id,
      intermediate_session_token: primary.intermediate_session_token,
    });
    assert.equal(created.status_code, 200);
    assert.match(created.secret, /^[A-Z2-7]{32}$/);
    assert.match(created.qr_code, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    assert.equal(created.recovery_codes.length, 10);
    assert.ok(created.totp_registration_id);

    const code = totp(created.secret);
    const done = await stytch.totps.authenticate({
      organization_id,
      member_id,
      code,
      intermediate_session_token: primary.intermediate_session_token,
    });
    assert.equal(done.member.totp_registration_id, created.totp_registration_id);
    const session = await assertFullSessionVerifiedLocally(done, member_id, {
      type: "totp",
      delivery_method: "authenticator_app",
    });
    assert.equal(session.authentication_factors[1].authenticator_app_factor.totp_id, created.totp_registration_id);

    // A second login: the code already used is refused, before any session is minted.
    const again = await primaryFactorOnly(organization_id, email, { messages: 2 });
    await expectStytchError(
      stytch.totps.authenticate({
        organization_id,
        member_id,
        code,
        intermediate_session_token: again.intermediate_session_token,
      }),
      { status_code: 400, error_type: "totp_code_already_authenticated" },
    );
  });

  test("five wrong TOTP codes in a row lock the factor: then even the right code is member_locked", async () => {
    const { organization_id, email } = await mfaOrganization();
    const primary = await primaryFactorOnly(organization_id, email);
    const { member_id } = primary;
    const created = await stytch.totps.create({
      organization_id,
      member_id,
      intermediate_session_token: primary.intermediate_session_token,
    });
    await stytch.totps.authenticate({
      organization_id,
      member_id,
      code: totp(created.secret),
      intermediate_session_token: primary.intermediate_session_token,
    });

    const again = await primaryFactorOnly(organization_id, email, { messages: 2 });
    const attempt = (code) =>
      stytch.totps.authenticate({ organization_id, member_id, code, intermediate_session_token: again.intermediate_session_token });
    for (let i = 0; i < 5; i++) {
      const right = totp(created.secret);
      await expectStytchError(attempt(right === "000000" ? "000001" : "000000"), {
        status_code: 401,
        error_type: "unable_to_authenticate_totp",
      });
    }
    await expectStytchError(attempt(totp(created.secret)), { status_code: 429, error_type: "member_locked" });
  });

  test("a recovery code completes MFA once; get lists the unused codes and rotate replaces them all", async () => {
    const { organization_id, email } = await mfaOrganization();
    const primary = await primaryFactorOnly(organization_id, email);
    const { member_id } = primary;
    const created = await stytch.totps.create({
      organization_id,
      member_id,
      intermediate_session_token: primary.intermediate_session_token,
    });
    await stytch.totps.authenticate({
      organization_id,
      member_id,
      code: totp(created.secret),
      intermediate_session_token: primary.intermediate_session_token,
    });

    const listed = await stytch.recoveryCodes.get({ organization_id, member_id });
    assert.equal(listed.status_code, 200);
    assert.deepEqual([...listed.recovery_codes].sort(), [...created.recovery_codes].sort());
    assert.equal(listed.member_id, member_id);
    assert.equal(listed.member.member_id, member_id);
    assert.equal(listed.organization.organization_id, organization_id);
    const [recoveryCode] = listed.recovery_codes;
    assert.match(recoveryCode, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);

    const second = await primaryFactorOnly(organization_id, email, { messages: 2 });
    const recovered = await stytch.recoveryCodes.recover({
      organization_id,
      member_id,
      recovery_code: recoveryCode,
      intermediate_session_token: second.intermediate_session_token,
    });
    assert.equal(recovered.recovery_codes_remaining, 9);
    assert.equal(recovered.member.member_id, member_id);
    assert.equal(recovered.organization.organization_id, organization_id);
    await assertFullSessionVerifiedLocally(recovered, member_id, {
      type: "recovery_codes",
      delivery_method: "recovery_code",
    });

    const third = await primaryFactorOnly(organization_id, email, { messages: 3 });
    await expectStytchError(
      stytch.recoveryCodes.recover({
        organization_id,
        member_id,
        recovery_code: recoveryCode,
        intermediate_session_token: third.intermediate_session_token,
      }),
      { status_code: 401, error_type: "unable_to_authenticate_recovery_code" },
    );

    const remaining = await stytch.recoveryCodes.get({ organization_id, member_id });
    assert.equal(remaining.recovery_codes.length, 9);
    assert.ok(!remaining.recovery_codes.includes(recoveryCode));

    const rotated = await stytch.recoveryCodes.rotate({ organization_id, member_id });
    assert.equal(rotated.status_code, 200);
    assert.equal(rotated.recovery_codes.length, 10);
    assert.equal(rotated.member.member_id, member_id);
    assert.ok(rotated.recovery_codes.every((c) => !created.recovery_codes.includes(c)), "all codes are new");
    assert.deepEqual(
      [...(await stytch.recoveryCodes.get({ organization_id, member_id })).recovery_codes].sort(),
      [...rotated.recovery_codes].sort(),
    );
  });
});

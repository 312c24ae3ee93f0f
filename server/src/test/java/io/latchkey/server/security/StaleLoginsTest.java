package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.MfaFlow.email;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A magic link, an email passcode or an intermediate session proves control of one address at
 * one moment; once the member's address changes, or the member is deleted or reactivated, what
 * was handed out before must stop working (issue: stale magic links).
 */
class StaleLoginsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static MfaFlow mfa;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        mfa = new MfaFlow(server);
    }

    static ApiResponse authenticateLink(String token) {
        return api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", token));
    }

    static String member(String orgId, String memberId) {
        return "/v1/b2b/organizations/" + orgId + "/members/" + memberId;
    }

    @Test
    void anInviteToAMistypedAddressDiesWhenTheAddressIsCorrected() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String typo = email("acme.test");
        ApiResponse invited =
                api.post("/v1/b2b/magic_links/email/invite", json("organization_id", orgId, "email_address", typo));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(200);
        String memberId = invited.text("member_id");
        String token = tokenOf(flow.awaitLink(typo));

        String corrected = email("acme.test");
        ApiResponse updated = api.put(member(orgId, memberId), json("email_address", corrected));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        assertError(authenticateLink(token), 401, "unable_to_auth_magic_link");
        ApiResponse after = api.get("/v1/b2b/organizations/" + orgId + "/member?email_address=" + corrected);
        assertThat(after.body().path("member").path("status").asText()).isEqualTo("invited");
        assertThat(after.body().path("member").path("email_address_verified").asBoolean())
                .isFalse();
    }

    @Test
    void aLoginLinkDiesWithTheMemberAndStaysDeadAfterReactivation() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String address = email("acme.test");
        String memberId = flow.signUpAndAuthenticate(orgId, address).text("member_id");
        flow.loginOrSignup(orgId, address);
        String token = tokenOf(flow.awaitLinks(address, 2).get(0));

        assertThat(api.delete(member(orgId, memberId)).status()).isEqualTo(200);
        ApiResponse back = api.put(member(orgId, memberId) + "/reactivate", json());
        assertThat(back.status()).as(back.toString()).isEqualTo(200);

        assertError(authenticateLink(token), 401, "unable_to_auth_magic_link");
    }

    @Test
    void anEmailPasscodeDiesWhenTheAddressChanges() {
        String orgId =
                flow.organizationAllowing("acme.test").path("organization_id").asText();
        String old = email("acme.test");
        ApiResponse sent =
                api.post("/v1/b2b/otps/email/login_or_signup", json("organization_id", orgId, "email_address", old));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String code = mfa.awaitEmailCode(old);

        String fresh = email("acme.test");
        assertThat(api.put(member(orgId, sent.text("member_id")), json("email_address", fresh))
                        .status())
                .isEqualTo(200);

        ApiResponse r = api.post(
                "/v1/b2b/otps/email/authenticate",
                json("organization_id", orgId, "email_address", fresh, "code", code));
        assertThat(r.status()).as(r.toString()).isNotEqualTo(200);
        assertThat(r.errorType()).isIn("otp_code_not_found", "unable_to_auth_otp_code");
    }

    @Test
    void anIntermediateSessionDiesWhenTheAddressChangesOrTheMemberIsDeleted() {
        String orgId = mfa.mfaOrganization("acme.test").path("organization_id").asText();
        String address = email("acme.test");
        var body = mfa.primaryFactorOnly(orgId, address);
        String memberId = body.path("member_id").asText();
        String ist = body.path("intermediate_session_token").asText();

        assertThat(api.put(member(orgId, memberId), json("email_address", email("acme.test")))
                        .status())
                .isEqualTo(200);
        assertError(
                mfa.sendSms(orgId, memberId, MfaFlow.uniquePhone(), "intermediate_session_token", ist),
                404,
                "intermediate_session_not_found");

        String other = email("acme.test");
        var second = mfa.primaryFactorOnly(orgId, other);
        String otherId = second.path("member_id").asText();
        String otherIst = second.path("intermediate_session_token").asText();
        assertThat(api.delete(member(orgId, otherId)).status()).isEqualTo(200);
        assertThat(api.put(member(orgId, otherId) + "/reactivate", json()).status())
                .isEqualTo(200);
        assertError(
                mfa.sendSms(orgId, otherId, MfaFlow.uniquePhone(), "intermediate_session_token", otherIst),
                404,
                "intermediate_session_not_found");
    }
}

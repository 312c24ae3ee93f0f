package io.latchkey.server.discovery;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;

/**
 * One person's place among several organizations, built over HTTP: an email that is an active
 * member of one organization, pending in another, invited to a third, may join a fourth by its
 * domain, and must not see the rest (sign-up by domain not allowed; no verified colleague at the
 * domain; the domain not listed; a deleted membership).
 */
record DiscoveryWorld(
        String email,
        String domain,
        String memberOrg,
        String memberOrgSlug,
        String memberEmailId,
        String sessionToken,
        String pendingOrg,
        String invitedOrg,
        String eligibleOrg,
        String notAllowedOrg,
        String noColleagueOrg,
        String otherDomainOrg,
        String deletedOrg) {

    static DiscoveryWorld build(LoginFlow login, ApiClient api) {
        String domain = unique("acme") + ".test";
        String email = unique("ada") + "@" + domain;

        JsonNode member = login.organizationAllowing(domain);
        String memberOrg = id(member);
        ApiResponse signedUp = login.signUpAndAuthenticate(memberOrg, email);
        assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(200);

        String pendingOrg = id(login.organizationAllowing(domain));
        assertThat(login.loginOrSignup(pendingOrg, email).status()).isEqualTo(200);

        String invitedOrg = id(login.organizationAllowing(unique("partner") + ".test"));
        ok(api.post("/v1/b2b/magic_links/email/invite", json("organization_id", invitedOrg, "email_address", email)));

        String eligibleOrg = id(login.organizationAllowing(domain));
        verifiedColleague(login, eligibleOrg, domain);

        String notAllowedOrg = id(login.organizationAllowing(domain));
        verifiedColleague(login, notAllowedOrg, domain);
        ok(api.put("/v1/b2b/organizations/" + notAllowedOrg, json("email_jit_provisioning", "NOT_ALLOWED")));

        // A member at the domain whose address nobody verified does not open the organization.
        String noColleagueOrg = id(login.organizationAllowing(domain));
        ok(api.post(
                "/v1/b2b/organizations/" + noColleagueOrg + "/members",
                json("email_address", unique("carl") + "@" + domain)));

        String otherDomainOrg = id(login.organizationAllowing(unique("elsewhere") + ".test"));
        invitedColleague(login, api, otherDomainOrg, domain);

        String deletedOrg = id(login.organizationAllowing(unique("gone") + ".test"));
        ApiResponse deleted =
                ok(api.post("/v1/b2b/organizations/" + deletedOrg + "/members", json("email_address", email)));
        ok(api.delete("/v1/b2b/organizations/" + deletedOrg + "/members/"
                + deleted.body().path("member_id").asText()));

        return new DiscoveryWorld(
                email,
                domain,
                memberOrg,
                member.path("organization_slug").asText(),
                signedUp.text("method_id"),
                signedUp.text("session_token"),
                pendingOrg,
                invitedOrg,
                eligibleOrg,
                notAllowedOrg,
                noColleagueOrg,
                otherDomainOrg,
                deletedOrg);
    }

    /** A member of the organization at {@code domain} whose address a login verified. */
    static String verifiedColleague(LoginFlow login, String organizationId, String domain) {
        String colleague = unique("bob") + "@" + domain;
        ApiResponse r = login.signUpAndAuthenticate(organizationId, colleague);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        return colleague;
    }

    /** A member at {@code domain} who joined by invite, which verified the address. */
    static String invitedColleague(LoginFlow login, ApiClient api, String organizationId, String domain) {
        String colleague = unique("eve") + "@" + domain;
        ok(api.post(
                "/v1/b2b/magic_links/email/invite",
                json("organization_id", organizationId, "email_address", colleague)));
        ApiResponse r = ok(api.post(
                "/v1/b2b/magic_links/authenticate",
                json("magic_links_token", LoginFlow.tokenOf(login.awaitLink(colleague)))));
        assertThat(r.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        return colleague;
    }

    static String id(JsonNode organization) {
        return organization.path("organization_id").asText();
    }

    static ApiResponse ok(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }
}

package io.latchkey.server.testing;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * Organizations and OIDC connections set up as an application does it: the organization created
 * (and its settings updated), the connection created, then pointed at a provider's endpoints,
 * which makes it active.
 */
public final class OidcConnections {
    private OidcConnections() {}

    /** What a connection is pointed at: the client registered at the provider and its endpoints. */
    public record Provider(
            String clientId,
            String clientSecret,
            String issuer,
            String authorizationUrl,
            String tokenUrl,
            String jwksUrl) {

        public static Provider of(LocalOidcProvider idp) {
            return new Provider(
                    LocalOidcProvider.CLIENT_ID,
                    LocalOidcProvider.CLIENT_SECRET,
                    idp.issuer(),
                    idp.authorizationUrl(),
                    idp.tokenUrl(),
                    idp.jwksUrl());
        }

        public static Provider of(MockOAuth2Server idp, String issuerId, String clientId, String clientSecret) {
            return new Provider(
                    clientId,
                    clientSecret,
                    idp.issuerUrl(issuerId).toString(),
                    idp.authorizationEndpointUrl(issuerId).toString(),
                    idp.tokenEndpointUrl(issuerId).toString(),
                    idp.jwksUrl(issuerId).toString());
        }

        /** The same provider with its token endpoint and JWKS somewhere else. */
        public Provider at(String tokenUrl, String jwksUrl) {
            return new Provider(clientId, clientSecret, issuer, authorizationUrl, tokenUrl, jwksUrl);
        }
    }

    /** A new organization named {@code name}, with {@code settings} applied by an update: its id. */
    public static String organization(ApiClient client, String name, Map<String, Object> settings) {
        ApiResponse org = client.post("/v1/b2b/organizations", json("organization_name", name));
        assertThat(org.status()).as(org.rawBody()).isEqualTo(200);
        String id = org.body().path("organization").path("organization_id").asText();
        if (!settings.isEmpty()) {
            ApiResponse updated = client.put("/v1/b2b/organizations/" + id, settings);
            assertThat(updated.status()).as(updated.rawBody()).isEqualTo(200);
        }
        return id;
    }

    /** A new OIDC connection of {@code orgId}, pointed at {@code provider} and active: its id. */
    public static String active(ApiClient client, String orgId, String displayName, Provider provider) {
        ApiResponse created = client.post("/v1/b2b/sso/oidc/" + orgId, json("display_name", displayName));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(200);
        String id = created.body().path("connection").path("connection_id").asText();
        ApiResponse updated = client.put(
                "/v1/b2b/sso/oidc/" + orgId + "/connections/" + id,
                json(
                        "client_id",
                        provider.clientId(),
                        "client_secret",
                        provider.clientSecret(),
                        "issuer",
                        provider.issuer(),
                        "authorization_url",
                        provider.authorizationUrl(),
                        "token_url",
                        provider.tokenUrl(),
                        "jwks_url",
                        provider.jwksUrl()));
        assertThat(updated.status()).as(updated.rawBody()).isEqualTo(200);
        assertThat(updated.body().path("connection").path("status").asText())
                .as(updated.rawBody())
                .isEqualTo("active");
        return id;
    }
}

package io.latchkey.server.sso;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.outbound.OutboundException;
import io.latchkey.server.outbound.OutboundHttp;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The calls an OIDC login makes to its IdP, all through {@link OutboundHttp}: the code exchanged
 * at the token endpoint (posted here, the answer parsed by Nimbus), and the ID token checked
 * against the IdP's JWKS (fetched through the same client, cached per connection the way Nimbus
 * caches a remote JWK set: five minutes, refreshed early when a token names an unknown key).
 * Thread-safe.
 */
final class OidcIdp {
    // An IdP on a busy host can take seconds to sign its first tokens; the browser waits meanwhile.
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final int MAX_CLOCK_SKEW_SECONDS = 60;

    /** A connection's key source, for the JWKS URL it was made from. */
    private record Keys(String jwksUrl, JWKSource<SecurityContext> source) {}

    private final OutboundHttp http;
    private final Cache<String, Keys> keys = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    OidcIdp(OutboundHttp http) {
        this.http = http;
    }

    /** The ID token the token endpoint answers {@code request} with. */
    JWT exchange(OidcConfig o, TokenRequest request) {
        HTTPRequest out = request.toHTTPRequest();
        OutboundHttp.Answer answer;
        try {
            answer = http.post(o.tokenUrl(), out.getHeaderMap(), out.getBody(), MAX_TOKEN_RESPONSE_BYTES, DEADLINE);
        } catch (OutboundException e) {
            throw refusal(e, "token_url", ErrorType.INVALID_TOKEN_URL)
                    .orElseGet(() -> new ApiException(
                            ErrorType.OIDC_RESPONSE_INVALID,
                            "The IdP's token endpoint could not be reached or did not answer in time."));
        }
        JWT idToken;
        try {
            HTTPResponse in = new HTTPResponse(answer.status());
            if (answer.contentType() != null) {
                in.setHeader("Content-Type", answer.contentType());
            }
            in.setBody(answer.text());
            TokenResponse response = OIDCTokenResponseParser.parse(in);
            if (!response.indicatesSuccess()) {
                throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP refused to exchange the code.");
            }
            idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                    .getOIDCTokens()
                    .getIDToken();
        } catch (ParseException | ClassCastException e) {
            throw new ApiException(
                    ErrorType.OIDC_RESPONSE_INVALID, "The IdP's token endpoint did not answer with tokens.");
        }
        if (idToken == null) {
            throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The IdP answered without an ID token.");
        }
        return idToken;
    }

    /**
     * The ID token's claims once its signature (RS256, a key of the connection's JWKS), issuer,
     * audience and times (60 s of skew) are checked. The nonce is the caller's to compare.
     */
    IDTokenClaimsSet validate(String connectionId, OidcConfig o, JWT idToken) {
        JWKSource<SecurityContext> source = keysOf(connectionId, o.jwksUrl());
        IDTokenValidator validator = new IDTokenValidator(
                new Issuer(o.issuer()),
                new ClientID(o.clientId()),
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source),
                null);
        validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        try {
            return validator.validate(idToken, null);
        } catch (BadJOSEException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("expired")) {
                throw new ApiException(ErrorType.ID_TOKEN_EXPIRED, "The ID token has expired.");
            }
            if (m.contains("audience")) {
                throw new ApiException(
                        ErrorType.ID_TOKEN_INCORRECT_AUDIENCE, "The ID token is not for this connection's client_id.");
            }
            throw new ApiException(
                    ErrorType.ID_TOKEN_INVALID,
                    "The ID token is not signed by the IdP's keys or its issuer or times are wrong.");
        } catch (JOSEException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                Optional<ApiException> refused = t instanceof JwksUnavailable u
                        ? refusal(u.reason, "jwks_url", ErrorType.INVALID_JWKS_URL)
                        : Optional.empty();
                if (refused.isPresent()) {
                    throw refused.get();
                }
            }
            throw new ApiException(
                    ErrorType.ID_TOKEN_INVALID,
                    "The IdP's keys (jwks_url) could not be fetched to check the ID token.");
        }
    }

    private JWKSource<SecurityContext> keysOf(String connectionId, String jwksUrl) {
        return keys.asMap()
                .compute(connectionId, (id, k) -> k != null && k.jwksUrl().equals(jwksUrl) ? k : newKeys(jwksUrl))
                .source();
    }

    private Keys newKeys(String jwksUrl) {
        URL url;
        try {
            url = URI.create(jwksUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ApiException(ErrorType.INVALID_JWKS_URL, "The connection's jwks_url is not a valid URL.");
        }
        return new Keys(jwksUrl, JWKSourceBuilder.create(url, retriever()).build());
    }

    /** Nimbus's JWKS retriever, on the guarded client. */
    private ResourceRetriever retriever() {
        return target -> {
            OutboundHttp.Answer answer;
            try {
                answer = http.get(
                        target.toString(), "application/jwk-set+json, application/json", MAX_JWKS_BYTES, DEADLINE);
            } catch (OutboundException e) {
                throw new JwksUnavailable(e);
            }
            if (answer.status() != 200) {
                throw new IOException("the JWKS URL answered HTTP " + answer.status());
            }
            return new Resource(answer.text(), answer.contentType());
        };
    }

    /** The JWKS could not be fetched, and why. */
    private static final class JwksUnavailable extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient OutboundException reason;

        JwksUnavailable(OutboundException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }
    }

    /** The error for a target this server does not call (or may not call that way), if that was why. */
    private static Optional<ApiException> refusal(OutboundException e, String field, ErrorType error) {
        return switch (e.reason()) {
            case REFUSED_TARGET ->
                Optional.of(new ApiException(
                        error,
                        "The connection's " + field
                                + " points at a loopback, private or link-local address, which this server does"
                                + " not call."));
            case BAD_URL ->
                Optional.of(new ApiException(error, "The connection's " + field + " must be an absolute https URL."));
            default -> Optional.empty();
        };
    }
}

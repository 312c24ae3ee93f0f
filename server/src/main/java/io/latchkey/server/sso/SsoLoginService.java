package io.latchkey.server.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.SsoFactor;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.JitProvisioning;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.session.SessionDurations;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.sso.SsoStore.OidcRequest;
import io.latchkey.server.sso.SsoStore.PendingLogin;
import io.latchkey.server.store.Database;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The SSO login over OpenID Connect: the redirect to the IdP (state, nonce and PKCE, remembered
 * for ten minutes), the callback that checks what the IdP answered (state spent once, the code
 * exchanged with the client secret and PKCE verifier, the ID token's signature against the IdP's
 * JWKS, issuer, audience, expiry, nonce and {@code email_verified}) and hands the application a
 * single-use SSO token, and {@code sso.authenticate}, which redeems it through {@link SignIn}.
 * Network calls to the IdP happen outside any transaction. Thread-safe.
 */
public final class SsoLoginService {
  static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
  // An IdP on a busy host can take seconds to sign its first tokens; the browser waits meanwhile.
  private static final int IDP_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_CLOCK_SKEW_SECONDS = 60;

  private final Database db;
  private final SsoStore store;
  private final SsoService connections;
  private final ProjectService projects;
  private final OrganizationService organizations;
  private final MemberService members;
  private final SignIn signIn;
  private final SecretBox box;
  private final String baseUrl;
  private final boolean allowPrivateTargets;
  private final Clock clock;

  /** @param allowPrivateTargets whether the IdP's token and JWKS endpoints may be loopback or private (dev mode) */
  public SsoLoginService(Database db, SsoStore store, SsoService connections, ProjectService projects,
      OrganizationService organizations, MemberService members, SignIn signIn, SecretBox box, String baseUrl,
      boolean allowPrivateTargets, Clock clock) {
    this.db = db;
    this.store = store;
    this.connections = connections;
    this.projects = projects;
    this.organizations = organizations;
    this.members = members;
    this.signIn = signIn;
    this.box = box;
    this.baseUrl = baseUrl;
    this.allowPrivateTargets = allowPrivateTargets;
    this.clock = clock;
  }

  /**
   * {@code GET /v1/public/sso/start}: where to send the browser. The redirect URLs are checked
   * against the project's allow-list (defaults when absent) before anything is stored.
   */
  public String start(Project project, String connectionId, String loginRedirectUrl, String signupRedirectUrl,
      String pkceCodeChallenge) {
    if (connectionId == null || connectionId.isBlank()) {
      throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "connection_id is required.");
    }
    String challenge = Pkce.validChallenge(pkceCodeChallenge);
    RedirectPolicy policy = projects.redirectPolicy(project.projectId());
    String login = redirect(policy, RedirectUrlType.LOGIN, loginRedirectUrl);
    String signup = redirect(policy, RedirectUrlType.SIGNUP, signupRedirectUrl);
    return db.inTransaction(tx -> {
      SsoConnection c = store.find(tx, project.projectId(), connectionId).orElseThrow(SsoService::connectionNotFound);
      requireActiveOidc(c);
      Instant now = Timestamps.truncate(clock.instant());
      State state = new State(Tokens.newToken());
      Nonce nonce = new Nonce(Tokens.newToken());
      CodeVerifier verifier = new CodeVerifier();
      String stateHash = Tokens.hash(state.getValue());
      store.insertOidcRequest(tx, stateHash, new OidcRequest(project.projectId(), c.connectionId(),
          Tokens.hash(nonce.getValue()), box.seal(verifier.getValue(), verifierContext(stateHash)), login, signup,
          challenge), now, now.plus(FLOW_LIFETIME));
      OidcConfig o = c.oidc();
      Scope scope = new Scope("openid", "email", "profile");
      if (!o.customScopes().isBlank()) {
        for (String s : o.customScopes().strip().split("\\s+")) {
          scope.add(s);
        }
      }
      return new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(o.clientId()),
              URI.create(SsoUrls.callback(baseUrl, c.connectionId())))
          .endpointURI(URI.create(o.authorizationUrl()))
          .state(state)
          .nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256)
          .build()
          .toURI()
          .toString();
    });
  }

  /**
   * {@code GET /v1/b2b/sso/callback/{connection_id}} for an OIDC connection: where to send the
   * browser, the application's redirect URL with {@code stytch_token_type=sso&token=…}.
   */
  public String oidcCallback(String connectionId, Map<String, String> query) {
    String stateValue = query.get("state");
    if (stateValue == null || stateValue.isBlank()) {
      throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP's answer has no state.");
    }
    Instant now = Timestamps.truncate(clock.instant());
    String stateHash = Tokens.hash(stateValue);
    // The state is spent before anything else, so an answer is never checked twice.
    record Begun(SsoConnection connection, OidcRequest request, Project project) {}
    Begun begun = db.inTransaction(tx -> {
      SsoConnection c = store.findAnyProject(tx, connectionId).orElseThrow(SsoService::connectionNotFound);
      OidcRequest r = store.consumeOidcRequest(tx, c.connectionId(), stateHash, now).orElseThrow(
          () -> new ApiException(ErrorType.EXPIRED_OIDC_RESPONSE,
              "The IdP's answer is unknown, already used or expired: start the login again."));
      Project project = projects.find(c.projectId()).orElseThrow(SsoService::connectionNotFound);
      return new Begun(c, r, project);
    });
    if (query.get("error") != null) {
      throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP refused the login.");
    }
    String code = query.get("code");
    if (code == null || code.isBlank()) {
      throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP's answer has no code.");
    }
    SsoConnection c = begun.connection();
    requireActiveOidc(c);
    OidcConfig o = c.oidc();
    String secret = new String(box.open(c.sealedSecret(), SsoConnection.sealingContext(c.connectionId())),
        StandardCharsets.UTF_8);
    String verifier = new String(box.open(begun.request().sealedVerifier(), verifierContext(stateHash)),
        StandardCharsets.UTF_8);
    IDTokenClaimsSet claims = exchange(o, c.connectionId(), code, secret, verifier);
    if (claims.getNonce() == null
        || !Tokens.constantTimeEquals(Tokens.hash(claims.getNonce().getValue()), begun.request().nonceHash())) {
      throw new ApiException(ErrorType.ID_TOKEN_NONCE_INVALID, "The ID token's nonce is not the one this login sent.");
    }
    if (!Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"))) {
      throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The IdP does not say the member's email is verified.");
    }
    String email;
    try {
      email = Emails.normalize(claims.getStringClaim(mapped(o, "email", "email")));
    } catch (ApiException e) {
      throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The ID token carries no valid email address.");
    }
    String nameClaim = claims.getStringClaim(mapped(o, "full_name", "name"));
    String name = nameClaim == null ? "" : nameClaim.strip();
    String token = Tokens.newToken();
    Project project = begun.project();
    String target = db.inTransaction(tx -> {
      Organization org = organizations.resolve(tx, project, c.organizationId());
      boolean existing = members.findByEmail(tx, project, org, email).isPresent();
      store.insertToken(tx, Tokens.hash(token), new PendingLogin(project.projectId(), org.organizationId(),
          c.connectionId(), email, claims.getSubject().getValue(), name, begun.request().pkceCodeChallenge()),
          now, now.plus(FLOW_LIFETIME));
      return existing ? begun.request().loginRedirectUrl() : begun.request().signupRedirectUrl();
    });
    return target + (target.contains("?") ? "&" : "?") + "stytch_token_type=sso&token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** {@code POST /v1/b2b/sso/authenticate}. */
  public SSOAuthenticateResponse authenticate(Project project, SSOAuthenticateRequest r) {
    if (r.ssoToken() == null || r.ssoToken().isBlank()) {
      throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "sso_token is required.");
    }
    if (r.sessionToken() != null && r.sessionJwt() != null) {
      throw new ApiException(ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
    }
    if (r.sessionDurationMinutes() != null) {
      SessionDurations.validated(r.sessionDurationMinutes());
    }
    SessionArguments args = new SessionArguments(r.intermediateSessionToken(), r.sessionToken(), r.sessionJwt(),
        r.sessionDurationMinutes(), r.sessionCustomClaims());
    SignInOutcome outcome = db.inTransaction(tx -> {
      Instant now = Timestamps.truncate(clock.instant());
      String hash = Tokens.hash(r.ssoToken());
      PendingLogin login = store.findToken(tx, project.projectId(), hash).orElseThrow(SsoLoginService::tokenNotFound);
      // Checked before the token is spent: a wrong verifier must not burn it.
      Pkce.check(login.pkceCodeChallenge(), r.pkceCodeVerifier());
      if (!store.consumeToken(tx, project.projectId(), hash, now)) {
        throw tokenNotFound();
      }
      Organization org = organizations.resolve(tx, project, login.organizationId());
      SsoConnection c = store.find(tx, project.projectId(), login.connectionId())
          .orElseThrow(SsoService::connectionNotFound);
      requireActiveOidc(c);
      Optional<Member> existing = members.findByEmail(tx, project, org, login.emailAddress());
      Member member = existing
          .map(m -> "active".equals(m.status()) && m.emailAddressVerified() ? m
              : members.activateWithVerifiedEmail(tx, project, org.organizationId(), m.memberId()))
          .orElseGet(() -> {
            requireSsoJit(org, c.connectionId());
            return members.createVerified(tx, project, org.organizationId(), login.emailAddress(), null);
          });
      // The registration binds the IdP's subject to the member; the factor names it.
      Map<String, Object> attributes = new java.util.LinkedHashMap<>();
      attributes.put("email", login.emailAddress());
      if (!login.name().isEmpty()) {
        attributes.put("name", login.name());
      }
      String registrationId = members.recordSsoRegistration(tx, project, member.memberId(), c.connectionId(),
          login.subject(), attributes);
      Member registered = members.findById(tx, project, org, member.memberId()).orElse(member);
      AuthenticationFactor factor = AuthenticationFactor.oidcSso(
          new SsoFactor(registrationId, c.connectionId(), login.subject()), Timestamps.format(now));
      return signIn.complete(tx, project, org, registered, factor, args);
    });
    return SignInAnswers.sso(signIn.finish(project, outcome));
  }

  /** The code for tokens at the IdP, and the ID token checked. */
  private IDTokenClaimsSet exchange(OidcConfig o, String connectionId, String code, String secret, String verifier) {
    URI tokenUrl = URI.create(o.tokenUrl());
    URI jwksUrl = URI.create(o.jwksUrl());
    if (!allowPrivateTargets) {
      SsoUrls.requirePublicTarget(tokenUrl, "token_url");
      SsoUrls.requirePublicTarget(jwksUrl, "jwks_url");
    }
    TokenRequest request = new TokenRequest(tokenUrl,
        new ClientSecretBasic(new ClientID(o.clientId()), new Secret(secret)),
        new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(SsoUrls.callback(baseUrl, connectionId)),
            new CodeVerifier(verifier)));
    JWT idToken;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(IDP_TIMEOUT_MILLIS);
      http.setReadTimeout(IDP_TIMEOUT_MILLIS);
      http.setFollowRedirects(false);
      TokenResponse response = OIDCTokenResponseParser.parse(http.send());
      if (!response.indicatesSuccess()) {
        throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP refused to exchange the code.");
      }
      idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    } catch (IOException | ParseException | ClassCastException e) {
      throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP's token endpoint did not answer with tokens.");
    }
    if (idToken == null) {
      throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The IdP answered without an ID token.");
    }
    try {
      IDTokenValidator validator = new IDTokenValidator(new Issuer(o.issuer()), new ClientID(o.clientId()),
          JWSAlgorithm.RS256, jwksUrl.toURL());
      validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
      // The nonce is compared by its hash afterwards: only the hash is kept.
      return validator.validate(idToken, null);
    } catch (BadJOSEException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("expired")) {
        throw new ApiException(ErrorType.ID_TOKEN_EXPIRED, "The ID token has expired.");
      }
      if (m.contains("audience")) {
        throw new ApiException(ErrorType.ID_TOKEN_INCORRECT_AUDIENCE, "The ID token is not for this connection's client_id.");
      }
      throw new ApiException(ErrorType.ID_TOKEN_INVALID,
          "The ID token is not signed by the IdP's keys or its issuer or times are wrong.");
    } catch (JOSEException | MalformedURLException e) {
      throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The ID token could not be checked.");
    }
  }

  private static String mapped(OidcConfig o, String key, String fallback) {
    Object v = o.attributeMapping() == null ? null : o.attributeMapping().get(key);
    return v instanceof String s && !s.isBlank() ? s : fallback;
  }

  private static void requireActiveOidc(SsoConnection c) {
    if (!SsoConnection.OIDC.equals(c.kind()) || !"active".equals(c.status()) || c.sealedSecret() == null) {
      throw new ApiException(ErrorType.SSO_CONNECTION_NOT_ACTIVE,
          "The SSO connection is not fully configured yet (status pending).");
    }
  }

  private static void requireSsoJit(Organization org, String connectionId) {
    JitProvisioning jit = OrganizationPolicy.ssoJitProvisioning(org);
    boolean allowed = jit == JitProvisioning.ALL_ALLOWED
        || (jit == JitProvisioning.RESTRICTED && org.ssoJitProvisioningAllowedConnections().contains(connectionId));
    if (!allowed) {
      throw new ApiException(ErrorType.INVALID_CONNECTION_FOR_JIT_PROVISIONING,
          "The organization does not create members through this SSO connection (sso_jit_provisioning).");
    }
  }

  private static String verifierContext(String stateHash) {
    return "sso-oidc-verifier:" + stateHash;
  }

  private static String redirect(RedirectPolicy policy, RedirectUrlType type, String requested) {
    if (requested == null || requested.isBlank()) {
      return policy.defaultFor(type).orElseThrow(() -> new ApiException(
          type == RedirectUrlType.LOGIN ? ErrorType.NO_LOGIN_REDIRECT_URLS_SET : ErrorType.NO_SIGNUP_REDIRECT_URLS_SET,
          "No " + type.wireName() + "_redirect_url was given and the project has no default one."));
    }
    if (!policy.allows(type, requested)) {
      throw new ApiException(
          type == RedirectUrlType.LOGIN ? ErrorType.INVALID_LOGIN_REDIRECT_URL : ErrorType.INVALID_SIGNUP_REDIRECT_URL,
          "The " + type.wireName() + "_redirect_url is not on the project's list of allowed redirect URLs.");
    }
    return requested;
  }

  private static ApiException tokenNotFound() {
    return new ApiException(ErrorType.SSO_TOKEN_NOT_FOUND,
        "The SSO token is unknown, already used or expired.");
  }
}

package io.latchkey.server.sso;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.DeleteEncryptionPrivateKeyResponse;
import io.latchkey.api.sso.DeleteVerificationCertificateResponse;
import io.latchkey.api.sso.SAMLConnectionResponse;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import io.latchkey.api.sso.X509Certificate;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.outbound.OutboundHttp;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.sso.SamlStore.SamlKey;
import io.latchkey.server.sso.saml.IdpMetadata;
import io.latchkey.server.sso.saml.MetadataFetcher;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.sso.saml.SpMetadata;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SAML connections of organizations: create (with a fresh key and certificate for signing
 * AuthnRequests), update, update from the IdP's metadata URL, and the deletion of verification
 * certificates and encryption keys. Private keys are sealed with the master key, bound to their
 * key id, and never answered. The organization's view of its connections is kept in step by
 * {@link SsoService}. Thread-safe.
 */
public final class SamlConnectionService {
    private final Database db;
    private final SsoStore store;
    private final SamlStore keys;
    private final SsoService sso;
    private final OrganizationService organizations;
    private final RoleCatalog roles;
    private final SecretBox box;
    private final MetadataFetcher metadata;
    private final boolean allowHttp;
    private final String baseUrl;
    private final Clock clock;

    /** @param outbound the guarded client metadata is fetched with; its policy allows plain http in dev mode only */
    public SamlConnectionService(
            Database db,
            SsoStore store,
            SamlStore keys,
            SsoService sso,
            OrganizationService organizations,
            RoleCatalog roles,
            SecretBox box,
            String baseUrl,
            OutboundHttp outbound,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.keys = keys;
        this.sso = sso;
        this.organizations = organizations;
        this.roles = roles;
        this.box = box;
        this.metadata = new MetadataFetcher(outbound);
        this.allowHttp = outbound.policy().devMode();
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/sso/saml/{organization_id}}: a pending connection, the organization's default if it has none. */
    public SAMLConnectionResponse create(Project project, String organizationRef, CreateSAMLConnectionRequest r) {
        String displayName = r == null || r.displayName() == null ? "" : SsoService.displayName(r.displayName());
        String idp = r == null || r.identityProvider() == null
                ? "generic"
                : SsoService.identityProvider(r.identityProvider());
        // The key is made before the transaction: RSA generation takes a while.
        KeyPair signing = SamlKeys.newRsaKeyPair();
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Instant now = Timestamps.truncate(clock.instant());
            String id = Ids.newId("saml-connection", project.environment());
            SsoConnection c = new SsoConnection(
                    id,
                    project.projectId(),
                    org.organizationId(),
                    SsoConnection.SAML,
                    "pending",
                    displayName,
                    idp,
                    null,
                    SamlConfig.empty(),
                    null,
                    now,
                    now);
            store.insert(tx, c);
            addSigningKey(tx, project, id, signing, now);
            sso.syncOrganization(
                    tx, project, org, org.ssoDefaultConnectionId() == null ? id : org.ssoDefaultConnectionId());
            return SAMLConnectionResponse.of(sso.renderSaml(tx, c));
        });
    }

    /** {@code PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}}: null fields stay. */
    public SAMLConnectionResponse update(
            Project project, String organizationRef, String connectionId, UpdateSAMLConnectionRequest r) {
        if (r == null) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "A JSON body is required.");
        }
        KeyPair signing = r.signingPrivateKey() == null
                ? null
                : privateKey(r.signingPrivateKey(), "signing_private_key", ErrorType.SAML_SIGNING_PRIVATE_KEY_INVALID);
        KeyPair encryption = r.samlEncryptionPrivateKey() == null
                ? null
                : privateKey(
                        r.samlEncryptionPrivateKey(), "saml_encryption_private_key", ErrorType.INVALID_PRIVATE_KEY);
        return change(project, organizationRef, connectionId, (tx, org, c, now) -> {
            SamlConfig o = c.saml();
            SamlConfig next = new SamlConfig(
                    r.idpEntityId() == null ? o.idpEntityId() : SamlSettings.entityId(r.idpEntityId()),
                    r.idpSsoUrl() == null ? o.idpSsoUrl() : SamlSettings.ssoUrl(r.idpSsoUrl(), allowHttp),
                    r.attributeMapping() == null ? o.attributeMapping() : SamlSettings.mapping(r.attributeMapping()),
                    r.x509Certificate() == null || r.x509Certificate().isBlank()
                            ? o.verificationCertificates()
                            : SamlSettings.withCertificate(
                                    o.verificationCertificates(), r.x509Certificate(), project, now),
                    r.samlConnectionImplicitRoleAssignments() == null
                            ? o.connectionRoles()
                            : SamlSettings.connectionRoles(r.samlConnectionImplicitRoleAssignments()),
                    r.samlGroupImplicitRoleAssignments() == null
                            ? o.groupRoles()
                            : SamlSettings.groupRoles(r.samlGroupImplicitRoleAssignments()),
                    r.alternativeAudienceUri() == null
                            ? o.alternativeAudienceUri()
                            : SamlSettings.audience(r.alternativeAudienceUri()),
                    r.nameidFormat() == null ? o.nameidFormat() : SamlSettings.nameidFormat(r.nameidFormat()),
                    r.alternativeAcsUrl() == null
                            ? o.alternativeAcsUrl()
                            : SamlSettings.acsUrl(r.alternativeAcsUrl(), allowHttp),
                    r.idpInitiatedAuthDisabled() == null ? o.idpInitiatedAuthDisabled() : r.idpInitiatedAuthDisabled(),
                    r.allowGatewayCallback() == null ? o.allowGatewayCallback() : r.allowGatewayCallback());
            List<String> roleIds = new ArrayList<>();
            next.connectionRoles().forEach(a -> roleIds.add(a.roleId()));
            next.groupRoles().forEach(a -> roleIds.add(a.roleId()));
            roles.requireKnown(tx, project, org, roleIds);
            if (signing != null) {
                keys.deleteKeys(tx, project.projectId(), c.connectionId(), SamlStore.SIGNING);
                addSigningKey(tx, project, c.connectionId(), signing, now);
            }
            if (encryption != null) {
                addEncryptionKey(tx, project, c.connectionId(), encryption, now);
            }
            return c.withSaml(
                    next.complete() ? "active" : "pending",
                    r.displayName() == null ? c.displayName() : SsoService.displayName(r.displayName()),
                    r.identityProvider() == null
                            ? c.identityProvider()
                            : SsoService.identityProvider(r.identityProvider()),
                    next,
                    now);
        });
    }

    /**
     * {@code PUT .../connections/{connection_id}/url}: the IdP's entity id, SSO URL and signing
     * certificates from its metadata. The metadata is fetched before the transaction.
     */
    public SAMLConnectionResponse updateByUrl(
            Project project, String organizationRef, String connectionId, String metadataUrl) {
        // The connection is looked up first, so a probe for another organization's connection
        // learns nothing from what the URL answers.
        db.read(tx -> find(tx, project, organizationRef, connectionId));
        IdpMetadata m = IdpMetadata.parse(metadata.fetch(metadataUrl));
        String ssoUrl;
        String entityId;
        try {
            ssoUrl = SamlSettings.ssoUrl(m.ssoUrl(), allowHttp);
            entityId = SamlSettings.entityId(m.entityId());
        } catch (ApiException e) {
            throw new ApiException(ErrorType.INVALID_IDP_METADATA, "The metadata's " + e.getMessage());
        }
        return change(project, organizationRef, connectionId, (tx, org, c, now) -> {
            List<X509Certificate> certs = c.saml().verificationCertificates();
            for (String body : m.signingCertificates()) {
                try {
                    certs = SamlSettings.withCertificate(certs, body, project, now);
                } catch (ApiException e) {
                    throw new ApiException(
                            ErrorType.INVALID_IDP_METADATA, "The metadata's certificates: " + e.getMessage());
                }
            }
            SamlConfig o = c.saml();
            SamlConfig next = new SamlConfig(
                    entityId,
                    ssoUrl,
                    o.attributeMapping(),
                    certs,
                    o.connectionRoles(),
                    o.groupRoles(),
                    o.alternativeAudienceUri(),
                    o.nameidFormat(),
                    o.alternativeAcsUrl(),
                    o.idpInitiatedAuthDisabled(),
                    o.allowGatewayCallback());
            return c.withSaml(next.complete() ? "active" : "pending", c.displayName(), c.identityProvider(), next, now);
        });
    }

    /**
     * {@code DELETE .../verification_certificates/{certificate_id}}. An active connection keeps at
     * least one certificate: without one no response could be checked.
     */
    public DeleteVerificationCertificateResponse deleteVerificationCertificate(
            Project project, String organizationRef, String connectionId, String certificateId) {
        change(project, organizationRef, connectionId, (tx, org, c, now) -> {
            SamlConfig o = c.saml();
            List<X509Certificate> rest = o.verificationCertificates().stream()
                    .filter(x -> !x.certificateId().equals(certificateId))
                    .toList();
            if (rest.size() == o.verificationCertificates().size()) {
                throw new ApiException(
                        ErrorType.VERIFICATION_CERTIFICATE_NOT_FOUND,
                        "The connection has no verification certificate with this certificate_id.");
            }
            if (rest.isEmpty() && "active".equals(c.status())) {
                throw new ApiException(
                        ErrorType.CANNOT_DELETE_LAST_VERIFICATION_CERTIFICATE,
                        "An active connection keeps at least one verification certificate: add the new one first.");
            }
            SamlConfig next = new SamlConfig(
                    o.idpEntityId(),
                    o.idpSsoUrl(),
                    o.attributeMapping(),
                    rest,
                    o.connectionRoles(),
                    o.groupRoles(),
                    o.alternativeAudienceUri(),
                    o.nameidFormat(),
                    o.alternativeAcsUrl(),
                    o.idpInitiatedAuthDisabled(),
                    o.allowGatewayCallback());
            return c.withSaml(c.status(), c.displayName(), c.identityProvider(), next, now);
        });
        return DeleteVerificationCertificateResponse.of(certificateId);
    }

    /** {@code DELETE .../encryption_private_keys/{private_key_id}}. */
    public DeleteEncryptionPrivateKeyResponse deleteEncryptionPrivateKey(
            Project project, String organizationRef, String connectionId, String privateKeyId) {
        change(project, organizationRef, connectionId, (tx, org, c, now) -> {
            if (!keys.deleteKey(tx, project.projectId(), c.connectionId(), SamlStore.ENCRYPTION, privateKeyId)) {
                throw new ApiException(
                        ErrorType.ENCRYPTION_PRIVATE_KEY_NOT_FOUND,
                        "The connection has no encryption private key with this private_key_id.");
            }
            return c.withSaml(c.status(), c.displayName(), c.identityProvider(), c.saml(), now);
        });
        return DeleteEncryptionPrivateKeyResponse.of(privateKeyId);
    }

    /**
     * {@code GET /v1/b2b/sso/saml/metadata/{connection_id}}: the SP metadata an IdP can import (entity
     * id, ACS URL over HTTP-POST, the signing certificate, and a certificate for each encryption
     * private key). Public: the connection id names it.
     */
    public String spMetadata(String connectionId) {
        return db.read(tx -> {
            SsoConnection c = store.findAnyProject(tx, connectionId)
                    .filter(x -> x.kind().equals(SsoConnection.SAML))
                    .orElseThrow(SsoService::connectionNotFound);
            SamlSp sp = SamlSp.of(tx, keys, box, baseUrl, c);
            return SpMetadata.xml(sp.settings(sp.signingKey()), sp.encryptionCertificates());
        });
    }

    private interface Change {
        SsoConnection apply(Tx tx, Organization org, SsoConnection c, Instant now);
    }

    /** Reads the connection locked, applies the change, writes it and keeps the organization in step. */
    private SAMLConnectionResponse change(Project project, String organizationRef, String connectionId, Change change) {
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            SsoConnection c = store.findForUpdate(tx, project.projectId(), org.organizationId(), connectionId)
                    .filter(x -> x.kind().equals(SsoConnection.SAML))
                    .orElseThrow(SsoService::connectionNotFound);
            SsoConnection updated = change.apply(tx, org, c, Timestamps.truncate(clock.instant()));
            store.update(tx, updated);
            sso.syncOrganization(tx, project, org, org.ssoDefaultConnectionId());
            return SAMLConnectionResponse.of(sso.renderSaml(tx, updated));
        });
    }

    private SsoConnection find(Tx tx, Project project, String organizationRef, String connectionId) {
        Organization org = organizations.resolve(tx, project, organizationRef);
        return store.find(tx, project.projectId(), connectionId)
                .filter(x -> x.kind().equals(SsoConnection.SAML)
                        && x.organizationId().equals(org.organizationId()))
                .orElseThrow(SsoService::connectionNotFound);
    }

    private void addSigningKey(Tx tx, Project project, String connectionId, KeyPair pair, Instant now) {
        String keyId = Ids.newId("saml-signing-key", project.environment());
        String cert = SamlKeys.pem(SamlKeys.selfSigned(pair, connectionId, now));
        keys.insertKey(
                tx,
                project.projectId(),
                new SamlKey(
                        keyId,
                        connectionId,
                        SamlStore.SIGNING,
                        cert,
                        box.seal(SamlKeys.pem(pair.getPrivate()), SamlKey.sealingContext(keyId)),
                        now));
    }

    private void addEncryptionKey(Tx tx, Project project, String connectionId, KeyPair pair, Instant now) {
        if (keys.keys(tx, project.projectId(), connectionId, SamlStore.ENCRYPTION)
                        .size()
                >= SamlSettings.MAX_ENCRYPTION_KEYS) {
            throw new ApiException(
                    ErrorType.TOO_MANY_ENCRYPTION_PRIVATE_KEYS,
                    "A connection holds at most " + SamlSettings.MAX_ENCRYPTION_KEYS
                            + " encryption private keys: delete one first.");
        }
        String keyId = Ids.newId("saml-encryption-key", project.environment());
        // The certificate the SP metadata publishes, so an IdP reading it can encrypt to this key.
        String cert = SamlKeys.pem(SamlSp.encryptionCertificate(pair, connectionId, now, keyId));
        keys.insertKey(
                tx,
                project.projectId(),
                new SamlKey(
                        keyId,
                        connectionId,
                        SamlStore.ENCRYPTION,
                        cert,
                        box.seal(SamlKeys.pem(pair.getPrivate()), SamlKey.sealingContext(keyId)),
                        now));
    }

    private static KeyPair privateKey(String pem, String field, ErrorType refusal) {
        try {
            return SamlKeys.parseRsaPrivateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new ApiException(refusal, field + " must be a PEM RSA private key of at least 2048 bits.");
        }
    }
}

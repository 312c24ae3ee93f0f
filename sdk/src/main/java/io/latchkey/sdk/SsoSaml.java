package io.latchkey.sdk;

import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.DeleteEncryptionPrivateKeyResponse;
import io.latchkey.api.sso.DeleteVerificationCertificateResponse;
import io.latchkey.api.sso.SAMLConnectionResponse;
import io.latchkey.api.sso.UpdateSAMLByURLRequest;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * SAML connections ({@code /v1/b2b/sso/saml}). A connection is created {@code pending}; its
 * {@code acs_url} and {@code audience_uri} are what the customer enters at the IdP, and it becomes
 * {@code active} once the IdP's entity id, SSO URL and a verification certificate are set (by
 * hand or from the IdP's metadata URL). Private keys are write-only. Thread-safe; obtain it from
 * {@link Sso#saml()}.
 */
public final class SsoSaml {
    private static final String BASE = "/v1/b2b/sso/saml/";

    private final Transport transport;

    SsoSaml(Transport transport) {
        this.transport = transport;
    }

    /** A new, pending connection ({@code POST /v1/b2b/sso/saml/{organization_id}}). */
    public SAMLConnectionResponse createConnection(String organizationId, CreateSAMLConnectionRequest request) {
        return Transport.await(createConnectionAsync(organizationId, request));
    }

    /** As {@link #createConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SAMLConnectionResponse> createConnectionAsync(
            String organizationId, CreateSAMLConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + Transport.segment(organizationId), request, SAMLConnectionResponse.class);
    }

    /**
     * Sets what is not null in {@code request} ({@code PUT
     * /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}}); a certificate given is
     * added to the verification certificates.
     */
    public SAMLConnectionResponse updateConnection(
            String organizationId, String connectionId, UpdateSAMLConnectionRequest request) {
        return Transport.await(updateConnectionAsync(organizationId, connectionId, request));
    }

    /** As {@link #updateConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SAMLConnectionResponse> updateConnectionAsync(
            String organizationId, String connectionId, UpdateSAMLConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("PUT", connection(organizationId, connectionId), request, SAMLConnectionResponse.class);
    }

    /**
     * Configures the connection from the IdP's metadata at {@code metadataUrl} ({@code PUT
     * .../connections/{connection_id}/url}): https, and never an internal address unless the
     * server allows it.
     */
    public SAMLConnectionResponse updateByUrl(String organizationId, String connectionId, String metadataUrl) {
        return Transport.await(updateByUrlAsync(organizationId, connectionId, metadataUrl));
    }

    /** As {@link #updateByUrl}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SAMLConnectionResponse> updateByUrlAsync(
            String organizationId, String connectionId, String metadataUrl) {
        Objects.requireNonNull(metadataUrl, "metadataUrl");
        return transport.call(
                "PUT",
                connection(organizationId, connectionId) + "/url",
                new UpdateSAMLByURLRequest(metadataUrl),
                SAMLConnectionResponse.class);
    }

    /** Drops one of the IdP's certificates ({@code DELETE .../verification_certificates/{certificate_id}}). */
    public DeleteVerificationCertificateResponse deleteVerificationCertificate(
            String organizationId, String connectionId, String certificateId) {
        return Transport.await(deleteVerificationCertificateAsync(organizationId, connectionId, certificateId));
    }

    /** As {@link #deleteVerificationCertificate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DeleteVerificationCertificateResponse> deleteVerificationCertificateAsync(
            String organizationId, String connectionId, String certificateId) {
        return transport.call(
                "DELETE",
                connection(organizationId, connectionId) + "/verification_certificates/"
                        + Transport.segment(certificateId),
                null,
                DeleteVerificationCertificateResponse.class);
    }

    /** Drops a key for encrypted assertions ({@code DELETE .../encryption_private_keys/{private_key_id}}). */
    public DeleteEncryptionPrivateKeyResponse deleteEncryptionPrivateKey(
            String organizationId, String connectionId, String privateKeyId) {
        return Transport.await(deleteEncryptionPrivateKeyAsync(organizationId, connectionId, privateKeyId));
    }

    /** As {@link #deleteEncryptionPrivateKey}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DeleteEncryptionPrivateKeyResponse> deleteEncryptionPrivateKeyAsync(
            String organizationId, String connectionId, String privateKeyId) {
        return transport.call(
                "DELETE",
                connection(organizationId, connectionId) + "/encryption_private_keys/"
                        + Transport.segment(privateKeyId),
                null,
                DeleteEncryptionPrivateKeyResponse.class);
    }

    private static String connection(String organizationId, String connectionId) {
        return BASE + Transport.segment(organizationId) + "/connections/" + Transport.segment(connectionId);
    }
}

package io.latchkey.api.sso;

/** Answer of {@code DELETE .../verification_certificates/{certificate_id}}. */
public record DeleteVerificationCertificateResponse(String requestId, String certificateId, int statusCode) {
    public static DeleteVerificationCertificateResponse of(String certificateId) {
        return new DeleteVerificationCertificateResponse(null, certificateId, 200);
    }
}

package io.latchkey.server.frontend;

import io.latchkey.api.Redacted;
import java.util.List;
import java.util.Map;

/**
 * The bodies Stytch's frontend SDK (6.3.0) sends under {@code /sdk/v1}, field for field as its
 * headless clients build them. Only what the SDK sends is read: a field the backend call also
 * knows (trusted metadata, external ids, the member's or organization's id where the session
 * names them, session tokens in the body) is not the browser's to set, so it is ignored.
 * The SDK's {@code dfp_telemetry_id} and {@code captcha_token} are ignored too (no DFP, no
 * captcha: the bootstrap says so).
 */
public final class FrontendBodies {
    private FrontendBodies() {}

    /** {@code magicLinks.email.invite}: the organization and the inviter are the session's. */
    public record Invite(
            String emailAddress,
            String inviteRedirectUrl,
            String inviteTemplateId,
            String name,
            Map<String, Object> untrustedMetadata,
            String locale,
            List<String> roles,
            Integer inviteExpirationMinutes) {}

    /** {@code discovery.organizations.list}: the intermediate session, else the header's session. */
    public record DiscoveryList(String intermediateSessionToken) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code discovery.organizations.create}: the organization settings the SDK's options type has, nothing more. */
    public record DiscoveryCreate(
            String intermediateSessionToken,
            Integer sessionDurationMinutes,
            String organizationName,
            String organizationSlug,
            String organizationLogoUrl,
            String ssoJitProvisioning,
            List<String> emailAllowedDomains,
            String emailJitProvisioning,
            String emailInvites,
            String oauthTenantJitProvisioning,
            Map<String, List<String>> allowedOauthTenants,
            String authMethods,
            List<String> allowedAuthMethods,
            String mfaPolicy) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code discovery.intermediateSessions.exchange}. */
    public record DiscoveryExchange(
            String intermediateSessionToken, String organizationId, Integer sessionDurationMinutes, String locale) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code session.exchange}: the session to exchange is the header's. */
    public record SessionExchange(String organizationId, Integer sessionDurationMinutes, String locale) {}

    /** {@code otps.email.authenticate}. */
    public record EmailOtpAuthenticate(
            String organizationId,
            String emailAddress,
            String code,
            String intermediateSessionToken,
            Integer sessionDurationMinutes,
            String locale) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code otps.sms.send}. */
    public record SmsSend(
            String organizationId,
            String memberId,
            String mfaPhoneNumber,
            String locale,
            String intermediateSessionToken) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code otps.sms.authenticate}. */
    public record SmsAuthenticate(
            String organizationId,
            String memberId,
            String code,
            String intermediateSessionToken,
            Integer sessionDurationMinutes,
            String setMfaEnrollment) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code totp.create}. */
    public record TotpCreate(
            String organizationId, String memberId, Integer expirationMinutes, String intermediateSessionToken) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code totp.authenticate}. */
    public record TotpAuthenticate(
            String organizationId,
            String memberId,
            String code,
            String intermediateSessionToken,
            Integer sessionDurationMinutes,
            String setMfaEnrollment,
            Boolean setDefaultMfa) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    /** {@code recoveryCodes.recover}. */
    public record Recover(
            String organizationId,
            String memberId,
            String recoveryCode,
            String intermediateSessionToken,
            Integer sessionDurationMinutes) {
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }
}

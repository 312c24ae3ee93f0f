package io.latchkey.server.organization;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import java.util.List;

/**
 * An organization's login settings read as types. The API record carries them as the contract's
 * strings, checked on the way in by {@link OrganizationRules}; every other feature asks here, so
 * no setting's spelling is compared anywhere else. Stateless.
 */
public final class OrganizationPolicy {
    private OrganizationPolicy() {}

    public static JitProvisioning ssoJitProvisioning(Organization org) {
        return JitProvisioning.valueOf(org.ssoJitProvisioning());
    }

    public static JitProvisioning emailJitProvisioning(Organization org) {
        return JitProvisioning.valueOf(org.emailJitProvisioning());
    }

    public static EmailInvites emailInvites(Organization org) {
        return EmailInvites.valueOf(org.emailInvites());
    }

    public static MfaPolicy mfaPolicy(Organization org) {
        return MfaPolicy.valueOf(org.mfaPolicy());
    }

    public static MethodRestriction authMethods(Organization org) {
        return MethodRestriction.valueOf(org.authMethods());
    }

    public static MethodRestriction mfaMethods(Organization org) {
        return MethodRestriction.valueOf(org.mfaMethods());
    }

    /** True when sign-up by email domain is on (the domain list is checked separately). */
    public static boolean emailJitByDomain(Organization org) {
        return emailJitProvisioning(org) == JitProvisioning.RESTRICTED;
    }

    public static boolean mfaRequiredForAll(Organization org) {
        return mfaPolicy(org) == MfaPolicy.REQUIRED_FOR_ALL;
    }

    /**
     * True when {@code method} may be used to log in. {@code auth_methods} does not bind
     * break-glass members.
     */
    public static boolean allowsAuthMethod(Organization org, AuthMethod method, boolean breakglass) {
        return breakglass
                || authMethods(org) == MethodRestriction.ALL_ALLOWED
                || org.allowedAuthMethods().contains(method.wireName());
    }

    /** The primary methods the organization accepts, as {@code primary_required} lists them. */
    public static List<String> acceptedAuthMethods(Organization org) {
        return authMethods(org) == MethodRestriction.RESTRICTED ? org.allowedAuthMethods() : AuthMethod.ALL_WIRE_NAMES;
    }

    public static boolean allowsMfaMethod(Organization org, MfaMethod method) {
        return mfaMethods(org) == MethodRestriction.ALL_ALLOWED
                || org.allowedMfaMethods().contains(method.wireName());
    }

    /**
     * Sign-up by email domain for a login method (magic links, email OTP): the organization allows
     * it and lists the address's domain.
     *
     * @throws ApiException email_jit_provisioning_not_allowed, invalid_email_for_jit_provisioning
     */
    public static void requireEmailJit(Organization org, String email) {
        if (!emailJitByDomain(org)) {
            throw new ApiException(
                    ErrorType.EMAIL_JIT_PROVISIONING_NOT_ALLOWED,
                    "This email is not a member, and the organization does not allow sign-up by email domain.");
        }
        if (!org.emailAllowedDomains().contains(Emails.domainOf(email))) {
            throw new ApiException(
                    ErrorType.INVALID_EMAIL_FOR_JIT_PROVISIONING,
                    "This email's domain is not among the organization's allowed domains.");
        }
    }
}

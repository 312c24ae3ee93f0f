package io.latchkey.server.mfa;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.organization.MfaMethod;
import io.latchkey.server.organization.OrganizationPolicy;

/** The organization's choice of MFA methods (mfa_methods, allowed_mfa_methods). Stateless. */
public final class MfaMethods {
    private MfaMethods() {}

    /**
     * Refuses {@code method} where the organization restricts MFA to other methods: such a factor
     * would not count (see MfaRequirement), so it is not offered. Recovery codes stand in for TOTP.
     *
     * @throws ApiException operation_restricted_by_organization_mfa_methods
     */
    public static void requireAllowed(Organization organization, MfaMethod method) {
        if (!OrganizationPolicy.allowsMfaMethod(organization, method)) {
            throw new ApiException(
                    ErrorType.MFA_METHOD_RESTRICTED,
                    "This organization does not allow " + method.wireName()
                            + " as an MFA method (mfa_methods is RESTRICTED).");
        }
    }
}

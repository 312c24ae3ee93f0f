package io.latchkey.server.mfa;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;

/** The organization's choice of MFA methods (mfa_methods, allowed_mfa_methods). Stateless. */
public final class MfaMethods {
  public static final String SMS_OTP = "sms_otp";
  public static final String TOTP = "totp";

  private MfaMethods() {}

  /**
   * Refuses {@code method} ({@link #SMS_OTP}, {@link #TOTP}) where the organization restricts MFA
   * to other methods: such a factor would not count (see MfaRequirement), so it is not offered.
   * Recovery codes stand in for TOTP.
   *
   * @throws ApiException operation_restricted_by_organization_mfa_methods
   */
  public static void requireAllowed(Organization organization, String method) {
    if ("RESTRICTED".equals(organization.mfaMethods()) && !organization.allowedMfaMethods().contains(method)) {
      throw new ApiException(ErrorType.MFA_METHOD_RESTRICTED,
          "This organization does not allow " + method + " as an MFA method (mfa_methods is RESTRICTED).");
    }
  }
}

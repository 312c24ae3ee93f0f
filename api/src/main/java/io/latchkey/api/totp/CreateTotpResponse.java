package io.latchkey.api.totp;

import io.latchkey.api.Redacted;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import java.util.List;

/**
 * Answer of TOTP create: the secret in base32, the same as a QR code ({@code
 * data:image/png;base64,...}) and the registration's recovery codes. Shown once here.
 */
public record CreateTotpResponse(
    String requestId,
    String memberId,
    String totpRegistrationId,
    String secret,
    String qrCode,
    List<String> recoveryCodes,
    Member member,
    Organization organization,
    int statusCode) {
  /** Secrets masked: records end up in logs and exception messages. */
  @Override
  public String toString() {
    return Redacted.toString(this);
  }
}

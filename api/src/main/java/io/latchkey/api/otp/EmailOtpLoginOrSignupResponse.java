package io.latchkey.api.otp;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of email OTP login_or_signup; {@code memberCreated} tells a signup from a login. */
public record EmailOtpLoginOrSignupResponse(
    String requestId,
    String memberId,
    boolean memberCreated,
    Member member,
    Organization organization,
    int statusCode) {}

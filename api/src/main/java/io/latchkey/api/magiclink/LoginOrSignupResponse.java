package io.latchkey.api.magiclink;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of login_or_signup; {@code memberCreated} tells a signup from a login. */
public record LoginOrSignupResponse(
    String requestId,
    String memberId,
    boolean memberCreated,
    Member member,
    Organization organization,
    int statusCode) {}

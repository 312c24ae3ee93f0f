package io.latchkey.server.member;

import io.latchkey.api.member.Member;

/**
 * A member as a login left it, with the id of the email factor the login proved
 * ({@code email-<env>-<uuid>}), for the authentication factor and method ids.
 */
public record ActivatedMember(Member member, String emailId) {}

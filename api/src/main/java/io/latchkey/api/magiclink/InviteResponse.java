package io.latchkey.api.magiclink;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of an invite: the invited member (status {@code invited}). */
public record InviteResponse(
    String requestId, String memberId, Member member, Organization organization, int statusCode) {}

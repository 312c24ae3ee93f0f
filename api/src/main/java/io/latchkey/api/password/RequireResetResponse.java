package io.latchkey.api.password;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of require_reset; the member fields are null when the call named no organization. */
public record RequireResetResponse(
        String requestId, int statusCode, String memberId, Member member, Organization organization) {}

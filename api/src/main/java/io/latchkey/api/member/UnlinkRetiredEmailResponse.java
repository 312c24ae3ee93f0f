package io.latchkey.api.member;

import io.latchkey.api.organization.Organization;

/** Response of members unlink_retired_email. */
public record UnlinkRetiredEmailResponse(
        String requestId,
        String memberId,
        String organizationId,
        Member member,
        Organization organization,
        int statusCode) {}

package io.latchkey.api.magiclink;

import java.util.List;
import java.util.Map;

/** {@code POST /v1/b2b/magic_links/email/invite}. */
public record InviteRequest(
        String organizationId,
        String emailAddress,
        String inviteRedirectUrl,
        String invitedByMemberId,
        String name,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        String inviteTemplateId,
        String locale,
        List<String> roles,
        Integer inviteExpirationMinutes) {}

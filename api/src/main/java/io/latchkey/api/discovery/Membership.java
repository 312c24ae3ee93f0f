package io.latchkey.api.discovery;

import io.latchkey.api.member.Member;
import java.util.Map;

/**
 * How the email relates to a discovered organization. {@code type} is one of {@code
 * active_member}, {@code pending_member}, {@code invited_member}, {@code
 * eligible_to_join_by_email_domain} (or {@code eligible_to_join_by_oauth_tenant}). {@code member}
 * is null when no member exists yet; {@code details} is null except for eligibility, where it
 * names the matching domain ({@code {"domain": "acme.com"}}).
 */
public record Membership(String type, Map<String, Object> details, Member member) {

    public static final String ACTIVE_MEMBER = "active_member";
    public static final String PENDING_MEMBER = "pending_member";
    public static final String INVITED_MEMBER = "invited_member";
    public static final String ELIGIBLE_TO_JOIN_BY_EMAIL_DOMAIN = "eligible_to_join_by_email_domain";
}

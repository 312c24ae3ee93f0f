package io.latchkey.server.member;

/**
 * The SQL a search of another feature embeds to ask "has this organization a live member such
 * that ...": one condition, so that the organization search's pages and totals agree, while the
 * members table stays known to this feature only. Read-only.
 */
public final class MemberSearchConditions {
    /** The column of a member's lower-cased email address, inside {@link #memberOf}'s condition. */
    public static final String EMAIL_KEY = "m.email_key";

    private MemberSearchConditions() {}

    /**
     * Opens {@code EXISTS (...)} over the live members of the organization in {@code
     * organizationIdColumn}; the caller appends its condition on {@link #EMAIL_KEY}, then ")". Takes
     * one parameter: the project id.
     */
    public static String memberOf(String organizationIdColumn) {
        return "EXISTS (SELECT 1 FROM members m WHERE m.organization_id = " + organizationIdColumn
                + " AND m.project_id = ? AND m.status <> 'deleted' AND ";
    }
}

package io.latchkey.server.session;

/**
 * A session as a check reads it: the row, plus the write counters of its organization and member
 * (to serve their views from a per-node cache) and the member's status (deleted members' sessions
 * are already revoked, but a check must not lean on that alone).
 */
record SessionUnderCheck(SessionRecord record, long organizationVersion, long memberVersion, String memberStatus) {}

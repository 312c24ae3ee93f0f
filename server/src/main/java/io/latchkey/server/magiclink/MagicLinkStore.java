package io.latchkey.server.magiclink;

import io.latchkey.server.store.Tx;
import java.time.Instant;
import java.util.Optional;

/** All SQL of magic links. */
public final class MagicLinkStore {

    void insert(Tx tx, MagicLink link, String tokenHash) {
        tx.update(
                "INSERT INTO magic_links (token_hash, project_id, organization_id, member_id, email_address,"
                        + " purpose, redirect_url, pkce_challenge, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tokenHash,
                link.projectId(),
                link.organizationId(),
                link.memberId(),
                link.emailAddress(),
                link.purpose().wireName(),
                link.redirectUrl(),
                link.pkceChallenge(),
                link.createdAt(),
                link.expiresAt());
    }

    Optional<MagicLink> find(Tx tx, String projectId, String tokenHash) {
        return tx.queryOne(
                "SELECT project_id, organization_id, member_id, email_address, purpose, redirect_url,"
                        + " pkce_challenge, created_at, expires_at, used_at FROM magic_links"
                        + " WHERE token_hash = ? AND project_id = ?",
                rs -> new MagicLink(
                        rs.getString("project_id"),
                        rs.getString("organization_id"),
                        rs.getString("member_id"),
                        rs.getString("email_address"),
                        MagicLinkPurpose.of(rs.getString("purpose")),
                        rs.getString("redirect_url"),
                        rs.getString("pkce_challenge"),
                        Tx.instant(rs, "created_at"),
                        Tx.instant(rs, "expires_at"),
                        Tx.instant(rs, "used_at")),
                tokenHash,
                projectId);
    }

    /**
     * Marks the link used if it is still unused and unexpired. The row count decides, so of two
     * concurrent uses exactly one wins.
     */
    boolean consume(Tx tx, String projectId, String tokenHash, Instant now) {
        return tx.update(
                        "UPDATE magic_links SET used_at = ? WHERE token_hash = ? AND project_id = ?"
                                + " AND used_at IS NULL AND expires_at > ?",
                        now,
                        tokenHash,
                        projectId,
                        now)
                == 1;
    }

    /**
     * Outstanding links die with the address they were mailed to, and with the member they were
     * for (an invite is revoked by deletion).
     */
    void expireForMember(Tx tx, String projectId, String memberId, Instant now) {
        tx.update(
                "UPDATE magic_links SET used_at = ? WHERE project_id = ? AND member_id = ? AND used_at IS NULL",
                now,
                projectId,
                memberId);
    }
}

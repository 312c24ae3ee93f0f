package io.latchkey.server.project;

import io.latchkey.server.core.Environment;
import io.latchkey.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** All SQL of the project feature. */
public final class ProjectStore {

    /** A project row with its secret hash, for credential checks only. */
    public record Credentials(Project project, String secretHash) {}

    public void insert(Tx tx, Project p, String secretHash) {
        tx.update(
                "INSERT INTO projects (project_id, name, environment, secret_hash, created_at, secret_rotated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                p.projectId(),
                p.name(),
                p.environment().marker(),
                secretHash,
                p.createdAt(),
                p.createdAt());
    }

    public Optional<Credentials> findCredentials(Tx tx, String projectId) {
        return tx.queryOne(
                "SELECT project_id, name, environment, created_at, secret_hash FROM projects WHERE project_id = ?",
                rs -> new Credentials(project(rs), rs.getString("secret_hash")),
                projectId);
    }

    public Optional<Project> find(Tx tx, String projectId) {
        return tx.queryOne(
                "SELECT project_id, name, environment, created_at FROM projects WHERE project_id = ?",
                ProjectStore::project,
                projectId);
    }

    public List<Project> list(Tx tx) {
        return tx.query(
                "SELECT project_id, name, environment, created_at FROM projects ORDER BY created_at, project_id",
                ProjectStore::project);
    }

    public boolean updateSecret(Tx tx, String projectId, String secretHash, Instant now) {
        return tx.update(
                        "UPDATE projects SET secret_hash = ?, secret_rotated_at = ? WHERE project_id = ?",
                        secretHash,
                        now,
                        projectId)
                == 1;
    }

    public void upsertRedirectUrl(Tx tx, String projectId, RedirectUrl url, Instant now) {
        if (url.isDefault()) {
            // "At most one default per type" is read-then-written across rows: concurrent callers
            // queue on the project's row, or each would clear the defaults it saw and add its own.
            tx.queryOne(
                    "SELECT project_id FROM projects WHERE project_id = ?"
                            + tx.dialect().forUpdate(),
                    rs -> rs.getString(1),
                    projectId);
            tx.update(
                    "UPDATE project_redirect_urls SET is_default = FALSE WHERE project_id = ? AND type = ?",
                    projectId,
                    url.type().wireName());
        }
        tx.update(
                "INSERT INTO project_redirect_urls (project_id, url, type, is_default, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, type, url) DO UPDATE SET is_default = excluded.is_default",
                projectId,
                url.url(),
                url.type().wireName(),
                url.isDefault(),
                now);
    }

    public int deleteRedirectUrl(Tx tx, String projectId, String url) {
        return tx.update("DELETE FROM project_redirect_urls WHERE project_id = ? AND url = ?", projectId, url);
    }

    public List<RedirectUrl> redirectUrls(Tx tx, String projectId) {
        return tx.query(
                "SELECT url, type, is_default FROM project_redirect_urls WHERE project_id = ?"
                        + " ORDER BY type, created_at, url",
                rs -> new RedirectUrl(
                        rs.getString("url"), RedirectUrlType.parse(rs.getString("type")), rs.getBoolean("is_default")),
                projectId);
    }

    public void insertPublicToken(Tx tx, PublicToken token) {
        tx.update(
                "INSERT INTO project_public_tokens (public_token, project_id, created_at) VALUES (?, ?, ?)",
                token.publicToken(),
                token.projectId(),
                token.createdAt());
    }

    public List<PublicToken> publicTokens(Tx tx, String projectId) {
        return tx.query(
                "SELECT public_token, project_id, created_at FROM project_public_tokens WHERE project_id = ?"
                        + " ORDER BY created_at, public_token",
                ProjectStore::publicToken,
                projectId);
    }

    public int deletePublicToken(Tx tx, String projectId, String publicToken) {
        return tx.update(
                "DELETE FROM project_public_tokens WHERE project_id = ? AND public_token = ?", projectId, publicToken);
    }

    /** The project a public token names, or empty. */
    public Optional<Project> findByPublicToken(Tx tx, String publicToken) {
        return tx.queryOne(
                "SELECT p.project_id, p.name, p.environment, p.created_at FROM project_public_tokens t"
                        + " JOIN projects p ON p.project_id = t.project_id WHERE t.public_token = ?",
                ProjectStore::project,
                publicToken);
    }

    public List<String> authorizedOrigins(Tx tx, String projectId) {
        return tx.query(
                "SELECT origin FROM project_authorized_origins WHERE project_id = ? ORDER BY created_at, origin",
                rs -> rs.getString(1),
                projectId);
    }

    /** True when some project has authorized {@code origin}. */
    public boolean isAuthorizedOriginOfAnyProject(Tx tx, String origin) {
        return tx.queryOne(
                        "SELECT project_id FROM project_authorized_origins WHERE origin = ? LIMIT 1",
                        rs -> rs.getString(1),
                        origin)
                .isPresent();
    }

    public void insertAuthorizedOrigin(Tx tx, String projectId, String origin, Instant now) {
        tx.update(
                "INSERT INTO project_authorized_origins (project_id, origin, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (project_id, origin) DO NOTHING",
                projectId,
                origin,
                now);
    }

    public int deleteAuthorizedOrigin(Tx tx, String projectId, String origin) {
        return tx.update(
                "DELETE FROM project_authorized_origins WHERE project_id = ? AND origin = ?", projectId, origin);
    }

    public List<String> frontendCalls(Tx tx, String projectId) {
        return tx.query(
                "SELECT call_name FROM project_frontend_calls WHERE project_id = ? ORDER BY call_name",
                rs -> rs.getString(1),
                projectId);
    }

    public void insertFrontendCall(Tx tx, String projectId, String callName, Instant now) {
        tx.update(
                "INSERT INTO project_frontend_calls (project_id, call_name, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (project_id, call_name) DO NOTHING",
                projectId,
                callName,
                now);
    }

    public int deleteFrontendCall(Tx tx, String projectId, String callName) {
        return tx.update(
                "DELETE FROM project_frontend_calls WHERE project_id = ? AND call_name = ?", projectId, callName);
    }

    public boolean pkceRequired(Tx tx, String projectId) {
        return tx.queryOne(
                        "SELECT pkce_required FROM project_frontend_settings WHERE project_id = ?",
                        rs -> rs.getBoolean(1),
                        projectId)
                .orElse(false);
    }

    public void upsertPkceRequired(Tx tx, String projectId, boolean required, Instant now) {
        tx.update(
                "INSERT INTO project_frontend_settings (project_id, pkce_required, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (project_id) DO UPDATE SET pkce_required = excluded.pkce_required,"
                        + " updated_at = excluded.updated_at",
                projectId,
                required,
                now);
    }

    private static PublicToken publicToken(ResultSet rs) throws SQLException {
        return new PublicToken(rs.getString("public_token"), rs.getString("project_id"), Tx.instant(rs, "created_at"));
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(
                rs.getString("project_id"),
                rs.getString("name"),
                Environment.ofMarker(rs.getString("environment")),
                Tx.instant(rs, "created_at"));
    }
}

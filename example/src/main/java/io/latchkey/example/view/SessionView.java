package io.latchkey.example.view;

/**
 * The session behind this page view.
 *
 * @param expiresAt RFC 3339, as Latchkey reports it
 * @param verification how this request's JWT was checked: in-process against the JWKS, or by
 *     Latchkey because it was too old to trust locally
 */
public record SessionView(String memberSessionId, String startedAt, String expiresAt, String verification) {}

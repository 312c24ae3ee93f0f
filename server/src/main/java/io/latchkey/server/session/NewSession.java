package io.latchkey.server.session;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/**
 * A session written in a transaction that has not committed yet. Its JWT is minted by {@link
 * SessionService#mint} after the commit: signing may need the signing keys' own transaction, and
 * a write lock should not be held for a millisecond of RSA.
 *
 * @param sessionToken the opaque token in clear, or {@code ""} when a factor was added to a
 *     session presented by JWT
 */
public record NewSession(SessionRecord record, String sessionToken, Member member, Organization organization) {}

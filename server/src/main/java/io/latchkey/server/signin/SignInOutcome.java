package io.latchkey.server.signin;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.session.MintedSession;
import io.latchkey.server.session.NewSession;
import java.util.Objects;

/**
 * How a login that passed its own factor check ended: a session, or an intermediate session and
 * what is still missing. Built by {@link SignIn#complete} inside the login's transaction; the JWT
 * of a session is added by {@link SignIn#finish} after the commit.
 */
public sealed interface SignInOutcome {
    Member member();

    Organization organization();

    /** This outcome as a session; for second factors, whose completion never ends otherwise. */
    default Authenticated authenticated() {
        if (this instanceof Authenticated a) {
            return a;
        }
        throw new IllegalStateException("the login did not end in a session");
    }

    /**
     * A session. {@code minted} is null until {@link SignIn#finish}: signing may need the signing
     * keys' own transaction, and a write lock should not be held for a millisecond of RSA.
     */
    record Authenticated(NewSession session, MintedSession minted) implements SignInOutcome {
        @Override
        public Member member() {
            return session.member();
        }

        @Override
        public Organization organization() {
            return session.organization();
        }

        /** The minted session; only after {@link SignIn#finish}. */
        public MintedSession requireMinted() {
            return Objects.requireNonNull(minted, "the session's JWT is minted after the commit");
        }
    }

    /** Not yet: an intermediate session bound to the organization and member, and what it lacks. */
    sealed interface Unfinished extends SignInOutcome {
        IssuedIntermediateSession intermediateSession();

        /** Null when a second factor is not (yet) the missing piece. */
        io.latchkey.api.session.MfaRequired mfaRequired();

        /** Null when the primary factor is acceptable. */
        io.latchkey.api.session.PrimaryRequired primaryRequired();
    }

    /** The primary factor is accepted; a second factor is due. */
    record MfaRequired(
            Member member,
            Organization organization,
            IssuedIntermediateSession intermediateSession,
            io.latchkey.api.session.MfaRequired mfaRequired)
            implements Unfinished {
        @Override
        public io.latchkey.api.session.PrimaryRequired primaryRequired() {
            return null;
        }
    }

    /**
     * The organization's {@code allowed_auth_methods} refuse every primary factor presented;
     * {@code mfaRequired} says whether a second factor will be due too.
     */
    record PrimaryRequired(
            Member member,
            Organization organization,
            IssuedIntermediateSession intermediateSession,
            io.latchkey.api.session.PrimaryRequired primaryRequired,
            io.latchkey.api.session.MfaRequired mfaRequired)
            implements Unfinished {}
}

package io.latchkey.example.web;

import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.MemberSession;

/**
 * The session a request was authenticated with.
 *
 * @param memberSession who the member is (ids, organization, roles at the JWT's minting); never null
 * @param remote Latchkey's full answer when it was asked (it then includes the member and the
 *     organization, saving the dashboard two calls); null after a local check
 */
public record CurrentSession(MemberSession memberSession, AuthenticateSessionResponse remote) {
    public String memberId() {
        return memberSession.memberId();
    }

    public String organizationId() {
        return memberSession.organizationId();
    }

    public boolean verifiedLocally() {
        return remote == null;
    }
}

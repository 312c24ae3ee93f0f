package io.latchkey.server.session;

import io.latchkey.api.session.MemberSession;

/** A session just created or refreshed: its API view, its opaque token (new sessions only) and a JWT. */
public record MintedSession(MemberSession memberSession, String sessionToken, String sessionJwt) {}

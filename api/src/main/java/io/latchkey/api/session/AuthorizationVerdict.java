package io.latchkey.api.session;

import java.util.List;

/** The outcome of a passed {@link AuthorizationCheck}. */
public record AuthorizationVerdict(boolean authorized, List<String> grantingRoles) {}

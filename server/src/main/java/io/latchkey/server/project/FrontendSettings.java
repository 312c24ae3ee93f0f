package io.latchkey.server.project;

import java.util.List;
import java.util.Set;

/**
 * A project's settings for Stytch's frontend SDK: the origins its pages are served from (the only
 * ones /sdk/v1 answers), the calls switched on beyond reading and ending one's own session, and
 * whether magic links started in the browser must carry a PKCE challenge.
 */
public record FrontendSettings(List<String> authorizedOrigins, Set<FrontendCall> enabledCalls, boolean pkceRequired) {
    public FrontendSettings {
        authorizedOrigins = List.copyOf(authorizedOrigins);
        enabledCalls = Set.copyOf(enabledCalls);
    }

    public boolean allowsOrigin(String origin) {
        String normal = Origins.normalise(origin);
        return normal != null && authorizedOrigins.contains(normal);
    }

    public boolean enables(FrontendCall call) {
        return enabledCalls.contains(call);
    }
}

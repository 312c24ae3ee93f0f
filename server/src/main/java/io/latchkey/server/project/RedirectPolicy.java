package io.latchkey.server.project;

import java.util.List;
import java.util.Optional;

/**
 * A project's redirect URL allow-list as read once for one request, so a caller can decide
 * without going back to the database (or holding a second connection inside a transaction).
 */
public record RedirectPolicy(List<RedirectUrl> urls) {

    /** True when {@code url} is allowed for {@code type}. */
    public boolean allows(RedirectUrlType type, String url) {
        return urls.stream().filter(u -> u.type() == type).anyMatch(u -> RedirectUrls.matches(u.url(), url));
    }

    /** True when the project has any redirect URL of {@code type}, default or not. */
    public boolean hasAny(RedirectUrlType type) {
        return urls.stream().anyMatch(u -> u.type() == type);
    }

    /** The default URL for {@code type}, if the project set one. */
    public Optional<String> defaultFor(RedirectUrlType type) {
        return urls.stream()
                .filter(u -> u.type() == type && u.isDefault() && !u.url().contains(":*"))
                .map(RedirectUrl::url)
                .findFirst();
    }
}

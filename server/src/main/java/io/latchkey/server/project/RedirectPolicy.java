package io.latchkey.server.project;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.util.List;
import java.util.Optional;

/**
 * A project's redirect URL allow-list as read once for one request, so a caller can decide
 * without going back to the database (or holding a second connection inside a transaction).
 * Every login method picks its redirect URL here, so each answers a missing or refused URL with
 * the same Stytch error names.
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

    /**
     * The URL a flow sends the browser back to: {@code requested} when the project allows it, the
     * project's default when none was requested.
     *
     * @throws ApiException {@code invalid_<type>_redirect_url} for a URL not on the list, or (from
     *     {@link #requireDefault}) why there is no default
     */
    public String resolve(RedirectUrlType type, String requested) {
        if (requested == null || requested.isBlank()) {
            return requireDefault(type);
        }
        if (!allows(type, requested)) {
            throw new ApiException(
                    invalid(type), "The " + wireName(type) + " is not on the project's list of allowed redirect URLs.");
        }
        return requested;
    }

    /**
     * The project's default URL for {@code type}, for a flow given none.
     *
     * @throws ApiException {@code no_<type>_redirect_urls_set} when the project has no URL of the
     *     type at all, {@code no_default_<type>_redirect_url_set} when it has some but none is its
     *     default (Stytch's two names for the two conditions)
     */
    public String requireDefault(RedirectUrlType type) {
        return defaultFor(type)
                .orElseThrow(() -> hasAny(type)
                        ? new ApiException(
                                noDefault(type),
                                "No " + wireName(type) + " was given and none of the project's " + type.wireName()
                                        + " redirect URLs is its default: pass one, or make one the default.")
                        : new ApiException(
                                noneSet(type),
                                "No " + wireName(type) + " was given and the project has no " + type.wireName()
                                        + " redirect URLs: add one, as the default."));
    }

    private static String wireName(RedirectUrlType type) {
        return type.wireName() + "_redirect_url";
    }

    private static ErrorType noneSet(RedirectUrlType type) {
        return switch (type) {
            case LOGIN -> ErrorType.NO_LOGIN_REDIRECT_URLS_SET;
            case SIGNUP -> ErrorType.NO_SIGNUP_REDIRECT_URLS_SET;
            case INVITE -> ErrorType.NO_INVITE_REDIRECT_URLS_SET;
            case DISCOVERY -> ErrorType.NO_DISCOVERY_REDIRECT_URLS_SET;
            case RESET_PASSWORD -> ErrorType.NO_PASSWORD_RESET_REDIRECT_URLS_SET;
        };
    }

    private static ErrorType noDefault(RedirectUrlType type) {
        return switch (type) {
            case LOGIN -> ErrorType.NO_DEFAULT_LOGIN_REDIRECT_URL_SET;
            case SIGNUP -> ErrorType.NO_DEFAULT_SIGNUP_REDIRECT_URL_SET;
            case INVITE -> ErrorType.NO_DEFAULT_INVITE_REDIRECT_URL_SET;
            case DISCOVERY -> ErrorType.NO_DEFAULT_DISCOVERY_REDIRECT_URL_SET;
            // Stytch names no separate condition for reset URLs.
            case RESET_PASSWORD -> ErrorType.NO_PASSWORD_RESET_REDIRECT_URLS_SET;
        };
    }

    private static ErrorType invalid(RedirectUrlType type) {
        return switch (type) {
            case LOGIN -> ErrorType.INVALID_LOGIN_REDIRECT_URL;
            case SIGNUP -> ErrorType.INVALID_SIGNUP_REDIRECT_URL;
            case INVITE -> ErrorType.INVALID_INVITE_REDIRECT_URL;
            case DISCOVERY -> ErrorType.INVALID_DISCOVERY_REDIRECT_URL;
            case RESET_PASSWORD -> ErrorType.INVALID_PASSWORD_RESET_REDIRECT_URL;
        };
    }
}

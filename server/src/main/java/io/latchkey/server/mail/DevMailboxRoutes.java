package io.latchkey.server.mail;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.http.ApiRequests;
import io.latchkey.server.http.RouteGroup;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The dev mailbox: {@code GET /dev/mailbox} (a page), {@code GET /dev/mailbox/messages} (JSON,
 * newest first; optional {@code to}, {@code project_id}, {@code limit}) and the HTML body of one
 * message for the page's frame. Registered only in dev mode, which listens on 127.0.0.1; outside
 * /v1/, so no credentials. Everything is uncacheable: bodies carry live tokens.
 */
public final class DevMailboxRoutes implements RouteGroup {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final MailService mail;
    private final Set<String> allowedHosts;

    /**
     * @param baseUrl the server's configured public URL: its host name is accepted in {@code Host}
     *     besides the loopback names
     */
    public DevMailboxRoutes(MailService mail, String baseUrl) {
        this.mail = mail;
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String configured = hostOf(baseUrl);
        if (configured != null) {
            hosts.add(configured);
        }
        this.allowedHosts = Set.copyOf(hosts);
    }

    @Override
    public void register(RoutesConfig routes) {
        // DNS rebinding: a page on attacker.example whose name is made to resolve to 127.0.0.1 can
        // read this unauthenticated mailbox (every project's links and codes) as same-origin. Its
        // requests still name attacker.example in Host, so only loopback names and the configured
        // public URL's host are served.
        routes.before("/dev/*", this::checkHost);
        routes.get("/dev/mailbox", ctx -> {
            String to = ApiRequests.query(ctx, "to");
            html(ctx, DevMailboxPage.CONTENT_SECURITY_POLICY, "DENY")
                    .result(DevMailboxPage.render(mail.devMailbox(null, to, limit(ctx)), to));
        });
        routes.get(
                "/dev/mailbox/messages",
                ctx -> ctx.header("Cache-Control", "no-store")
                        .json(mail.devMailbox(
                                ApiRequests.query(ctx, "project_id"), ApiRequests.query(ctx, "to"), limit(ctx))));
        routes.post("/dev/mailbox/clear", ctx -> {
            // A page on another site must not empty the developer's mailbox by posting a form:
            // browsers send Origin with every form POST, so only the page's own origin clears it.
            String origin = ctx.header("Origin");
            String host = ctx.header("Host");
            if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))
                    || origin == null
                    || host == null
                    || !origin.equals("http://" + host)) {
                throw new ApiException(ErrorType.BAD_REQUEST, "The dev mailbox is cleared from its own page.");
            }
            mail.clearDevMailbox();
            ctx.header("Cache-Control", "no-store").redirect("/dev/mailbox", HttpStatus.SEE_OTHER);
        });
        routes.get(
                "/dev/mailbox/messages/{id}/html",
                ctx -> html(ctx, DevMailboxPage.BODY_CONTENT_SECURITY_POLICY, "SAMEORIGIN")
                        .result(DevMailboxPage.frameDocument(mail.devMailboxHtml(ctx.pathParam("id")))));
    }

    private void checkHost(Context ctx) {
        String host = hostOf("http://" + (ctx.header("Host") == null ? "" : ctx.header("Host")));
        if (host == null || !(allowedHosts.contains(host) || host.endsWith(".localhost"))) {
            throw new ApiException(
                    ErrorType.BAD_REQUEST,
                    "The dev mailbox answers only to localhost, 127.0.0.1, [::1] or the server's configured"
                            + " URL in the Host header.");
        }
    }

    /** The lower-case host of {@code url} (an IPv6 literal in brackets), or null. */
    static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            String host = new URI(url).getHost();
            return host == null || host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Context html(Context ctx, String contentSecurityPolicy, String frameOptions) {
        return ctx.contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Frame-Options", frameOptions)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }

    private static int limit(Context ctx) {
        Integer limit = ApiRequests.queryInt(ctx, "limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ErrorType.INVALID_LIMIT, "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return limit;
    }
}

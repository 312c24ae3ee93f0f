package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.member.Member;
import io.latchkey.example.store.AppUser;
import io.latchkey.example.store.UserStore;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.CurrentSession;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.request.Requests;
import io.latchkey.sdk.request.UpdateMemberBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The guide's {@code PUT /profile}: display name and picture into the member's untrusted
 * metadata (the member may change them), billing address into trusted metadata (only this
 * backend writes it; a frontend SDK cannot), the name itself, then the app's own row.
 *
 * <p>HTML forms cannot send PUT, so the dashboard's form posts to {@code POST /profile} (with
 * {@code _method=PUT}, as Rails and Laravel spell it); {@code PUT /profile} takes the same fields
 * as JSON and answers JSON.
 */
public final class ProfileRoutes {
    private final B2BClient client;
    private final UserStore users;
    private final CsrfTokens csrf;

    public ProfileRoutes(B2BClient client, UserStore users, CsrfTokens csrf) {
        this.client = client;
        this.users = users;
        this.csrf = csrf;
    }

    public void register(RoutesConfig routes) {
        routes.put("/profile", this::update);
        routes.post("/profile", this::update);
    }

    /** The fields of a profile change. */
    record ProfileChange(String name, String displayName, String profilePicUrl, String billingAddress) {
        static ProfileChange from(Input in) {
            return new ProfileChange(
                    in.optional("name", "Name", 128),
                    in.optional("display_name", "Display name", 64),
                    checkedUrl(in.optional("profile_pic_url", "Profile picture URL", 2048)),
                    in.optional("billing_address", "Billing address", 500));
        }
    }

    private void update(Context ctx) {
        CurrentSession session = AuthFilter.current(ctx);
        Input in = Input.of(ctx);
        MethodOverride.requirePutOrAbsent(in);
        csrf.verify(
                session.memberSession().memberSessionId(),
                CsrfTokens.presented(ctx, in.optional(CsrfTokens.FIELD, "CSRF token", 200)));
        ProfileChange change = ProfileChange.from(in);

        UpdateMemberBuilder request = Requests.updateMember();
        if (change.name() != null) {
            request.name(change.name());
        }
        // Only the keys this form owns; Latchkey merges metadata at the top level, so other keys stay.
        Map<String, Object> untrusted = new LinkedHashMap<>();
        putIfGiven(untrusted, Views.DISPLAY_NAME, change.displayName());
        putIfGiven(untrusted, Views.PROFILE_PIC_URL, change.profilePicUrl());
        if (!untrusted.isEmpty()) {
            request.untrustedMetadata(untrusted);
        }
        if (change.billingAddress() != null) {
            request.trustedMetadata(Map.of(Views.BILLING_ADDRESS, change.billingAddress()));
        }
        Member member = client.organizations()
                .members()
                .update(session.organizationId(), session.memberId(), request.build())
                .member();
        AppUser user =
                users.updateProfile(member.memberId(), member.organizationId(), member.emailAddress(), member.name());

        if (Input.wantsJson(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("member_id", member.memberId());
            body.put("name", member.name());
            body.put("untrusted_metadata", member.untrustedMetadata());
            body.put("trusted_metadata", member.trustedMetadata());
            body.put(
                    "user",
                    Map.of(
                            "member_id",
                            user.memberId(),
                            "name",
                            user.name(),
                            "updated_at",
                            user.updatedAt().toString()));
            ctx.json(body);
        } else {
            ctx.redirect("/dashboard?saved=profile", HttpStatus.SEE_OTHER);
        }
    }

    private static void putIfGiven(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * Empty, or an absolute https URL: anything else (javascript:, data:, plain http) is refused,
     * since the page shows the picture and its CSP admits https images only.
     */
    static String checkedUrl(String url) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https") && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw UserError.badRequest("invalid_profile_pic_url", "The profile picture URL must start with https://.");
    }
}

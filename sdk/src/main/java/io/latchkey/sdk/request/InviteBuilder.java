package io.latchkey.sdk.request;

import io.latchkey.api.magiclink.InviteRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/magic_links/email/invite} request.
 *
 * <p>Every setter sets the same-named field of {@link InviteRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class InviteBuilder {
    private final String organizationId;
    private final String emailAddress;
    private String inviteRedirectUrl;
    private String invitedByMemberId;
    private String name;
    private Map<String, Object> trustedMetadata;
    private Map<String, Object> untrustedMetadata;
    private String inviteTemplateId;
    private String locale;
    private List<String> roles;
    private Integer inviteExpirationMinutes;

    InviteBuilder(String organizationId, String emailAddress) {
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
        this.emailAddress = Objects.requireNonNull(emailAddress, "emailAddress");
    }

    /** Sets {@code invite_redirect_url}. */
    public InviteBuilder inviteRedirectUrl(String inviteRedirectUrl) {
        this.inviteRedirectUrl = inviteRedirectUrl;
        return this;
    }

    /** Sets {@code invited_by_member_id}. */
    public InviteBuilder invitedByMemberId(String invitedByMemberId) {
        this.invitedByMemberId = invitedByMemberId;
        return this;
    }

    /** Sets {@code name}. */
    public InviteBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** Sets {@code trusted_metadata}; copied. A null value is kept: it deletes that key. */
    public InviteBuilder trustedMetadata(Map<String, Object> trustedMetadata) {
        this.trustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(trustedMetadata));
        return this;
    }

    /** Sets {@code untrusted_metadata}; copied. A null value is kept: it deletes that key. */
    public InviteBuilder untrustedMetadata(Map<String, Object> untrustedMetadata) {
        this.untrustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(untrustedMetadata));
        return this;
    }

    /** Sets {@code invite_template_id}. */
    public InviteBuilder inviteTemplateId(String inviteTemplateId) {
        this.inviteTemplateId = inviteTemplateId;
        return this;
    }

    /** Sets {@code locale}. */
    public InviteBuilder locale(String locale) {
        this.locale = locale;
        return this;
    }

    /** Sets {@code roles}; copied. */
    public InviteBuilder roles(List<String> roles) {
        this.roles = List.copyOf(roles);
        return this;
    }

    /** Sets {@code roles}. */
    public InviteBuilder roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    /** Sets {@code invite_expiration_minutes}. */
    public InviteBuilder inviteExpirationMinutes(int inviteExpirationMinutes) {
        this.inviteExpirationMinutes = inviteExpirationMinutes;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public InviteRequest build() {
        return new InviteRequest(
                organizationId,
                emailAddress,
                inviteRedirectUrl,
                invitedByMemberId,
                name,
                trustedMetadata,
                untrustedMetadata,
                inviteTemplateId,
                locale,
                roles,
                inviteExpirationMinutes);
    }
}

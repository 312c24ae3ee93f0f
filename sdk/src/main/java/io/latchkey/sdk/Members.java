package io.latchkey.sdk;

import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.DeleteMemberResponse;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.SearchMembersResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Members of organizations: {@code /v1/b2b/organizations/{organization_id}/members}. An {@code
 * organizationId} may be the organization's slug or external id; a {@code memberId} may be the
 * member's external id (except for {@link #reactivate}).
 *
 * <p>Sync methods throw {@link LatchkeyException}; their {@code ...Async} twins complete
 * exceptionally with the same. Thread-safe; obtain it from {@code
 * B2BClient.organizations().members()}.
 */
public final class Members {
    private static final String BASE = "/v1/b2b/organizations/";

    private final Transport transport;

    Members(Transport transport) {
        this.transport = transport;
    }

    /**
     * Adds a member ({@code POST .../{organization_id}/members}), {@code active} unless the request
     * asks for {@code pending}. No email is sent; see {@code magicLinks().email().invite} for that.
     * Builder: {@code Requests.createMember(email)}.
     *
     * @throws LatchkeyApiException e.g. {@code duplicate_member_email}, {@code invalid_email}
     */
    public MemberResponse create(String organizationId, CreateMemberRequest request) {
        return Transport.await(createAsync(organizationId, request));
    }

    /** As {@link #create}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MemberResponse> createAsync(String organizationId, CreateMemberRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", org(organizationId) + "/members", request, MemberResponse.class);
    }

    /**
     * Reads a member by id or external id ({@code GET .../{organization_id}/member?member_id=}).
     *
     * @throws LatchkeyApiException {@code member_not_found}
     */
    public MemberResponse get(String organizationId, String memberId) {
        return Transport.await(getAsync(organizationId, memberId));
    }

    /** As {@link #get}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MemberResponse> getAsync(String organizationId, String memberId) {
        Objects.requireNonNull(memberId, "memberId");
        return transport.get(
                org(organizationId) + "/member", Transport.query("member_id", memberId), MemberResponse.class);
    }

    /** Reads a member by email address ({@code GET .../{organization_id}/member?email_address=}). */
    public MemberResponse getByEmail(String organizationId, String emailAddress) {
        return Transport.await(getByEmailAsync(organizationId, emailAddress));
    }

    /** As {@link #getByEmail}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MemberResponse> getByEmailAsync(String organizationId, String emailAddress) {
        Objects.requireNonNull(emailAddress, "emailAddress");
        Map<String, String> query = Transport.query("email_address", emailAddress);
        return transport.get(org(organizationId) + "/member", query, MemberResponse.class);
    }

    /**
     * Changes a member ({@code PUT .../{organization_id}/members/{member_id}}); null fields are
     * left unchanged, {@code roles} replaces the explicit roles. Builder: {@code
     * Requests.updateMember()}.
     */
    public MemberResponse update(String organizationId, String memberId, UpdateMemberRequest request) {
        return Transport.await(updateAsync(organizationId, memberId, request));
    }

    /** As {@link #update}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MemberResponse> updateAsync(
            String organizationId, String memberId, UpdateMemberRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("PUT", member(organizationId, memberId), request, MemberResponse.class);
    }

    /**
     * Deletes a member ({@code DELETE .../{organization_id}/members/{member_id}}): status {@code
     * deleted}, sessions revoked, invites void.
     */
    public DeleteMemberResponse delete(String organizationId, String memberId) {
        return Transport.await(deleteAsync(organizationId, memberId));
    }

    /** As {@link #delete}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DeleteMemberResponse> deleteAsync(String organizationId, String memberId) {
        return transport.call("DELETE", member(organizationId, memberId), null, DeleteMemberResponse.class);
    }

    /**
     * Brings a deleted member back to {@code active} ({@code PUT
     * .../{organization_id}/members/{member_id}/reactivate}); the member id must be the real id.
     */
    public MemberResponse reactivate(String organizationId, String memberId) {
        return Transport.await(reactivateAsync(organizationId, memberId));
    }

    /** As {@link #reactivate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<MemberResponse> reactivateAsync(String organizationId, String memberId) {
        return transport.call("PUT", member(organizationId, memberId) + "/reactivate", Map.of(), MemberResponse.class);
    }

    /**
     * One page of members of the given organizations ({@code POST
     * /v1/b2b/organizations/members/search}); deleted members only with a {@code statuses} filter.
     * Builder: {@code Requests.searchMembers(organizationIds...)}.
     */
    public SearchMembersResponse search(SearchMembersRequest request) {
        return Transport.await(searchAsync(request));
    }

    /** As {@link #search}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SearchMembersResponse> searchAsync(SearchMembersRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "members/search", request, SearchMembersResponse.class);
    }

    private static String org(String organizationId) {
        return BASE + Transport.segment(organizationId);
    }

    private static String member(String organizationId, String memberId) {
        return org(organizationId) + "/members/" + Transport.segment(memberId);
    }
}

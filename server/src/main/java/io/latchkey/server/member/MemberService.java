package io.latchkey.server.member;

import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.SearchMembersResponse;
import io.latchkey.api.member.UnlinkRetiredEmailResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Members of organizations: the members API (create, get, update, delete, reactivate, search,
 * dangerously_get) and, for other features, lookups and lifecycle steps that join the caller's
 * transaction ({@link Tx} parameters). Thread-safe.
 *
 * <p>Statuses: {@code pending} (created by JIT or as pending, not yet logged in),
 * {@code invited}, {@code active}, {@code deleted} (soft: the row stays, its email, external id
 * and phone number become free). Lookups other than dangerously_get and reactivate never see
 * deleted members. Wherever a member_id is expected the member's external_id works too, except
 * for reactivate.
 *
 * <p>The feature's one entry point: the work is done by its parts ({@link MemberCreation},
 * {@link MemberEdits}, {@link MemberLifecycle}, {@link MemberMfaChanges}, {@link MemberSearches},
 * {@link MemberLookups}).
 */
public final class MemberService {
    static final String ID_KIND = "member";

    private final MemberListeners listeners;
    private final MemberCreation creation;
    private final MemberEdits edits;
    private final MemberLifecycle lifecycle;
    private final MemberMfaChanges mfa;
    private final MemberSearches searches;
    private final MemberLookups lookups;

    public MemberService(Database db, MemberStore store, OrganizationService organizations, Clock clock) {
        this(db, store, organizations, clock, RoleCatalog.ANY);
    }

    /** {@code roles} decides which role ids may be assigned explicitly. */
    public MemberService(
            Database db, MemberStore store, OrganizationService organizations, Clock clock, RoleCatalog roles) {
        MemberParts parts = MemberParts.create(db, store, organizations, clock, Objects.requireNonNull(roles));
        this.listeners = parts.listeners();
        this.creation = new MemberCreation(parts);
        this.edits = new MemberEdits(parts);
        this.lifecycle = new MemberLifecycle(parts);
        this.mfa = new MemberMfaChanges(parts);
        this.searches = new MemberSearches(parts);
        this.lookups = new MemberLookups(parts);
    }

    /** Registers a listener called inside every member deletion's transaction. */
    public void addDeletionListener(MemberDeletionListener listener) {
        listeners.addDeletionListener(listener);
    }

    /**
     * Registers a listener called inside every transaction that changes a member's email address,
     * deletes or reactivates it.
     */
    public void addLoginsListener(MemberLoginsListener listener) {
        listeners.addLoginsListener(listener);
    }

    // ---------------------------------------------------------------- the members API

    public MemberResponse create(Project project, String organizationRef, CreateMemberRequest request) {
        return creation.create(project, organizationRef, request);
    }

    /** The member named by {@code memberRef} (id or external id) or by email; exactly one is given. */
    public MemberResponse get(Project project, String organizationRef, String memberRef, String email) {
        return lookups.get(project, organizationRef, memberRef, email);
    }

    /**
     * Applies {@code request}: absent fields and empty lists or maps are unchanged, {@code roles}
     * replaces the explicit roles ({@code ["stytch_member"]} removes them all), metadata merges at
     * the top level.
     */
    public MemberResponse update(
            Project project, String organizationRef, String memberRef, UpdateMemberRequest request) {
        return edits.update(project, organizationRef, memberRef, request);
    }

    /** Soft-deletes the member (status deleted); returns its id. */
    public String delete(Project project, String organizationRef, String memberRef) {
        return lifecycle.delete(project, organizationRef, memberRef);
    }

    /** Brings a deleted member with a verified email back to active. Takes a member id only. */
    public MemberResponse reactivate(Project project, String organizationRef, String memberId) {
        return lifecycle.reactivate(project, organizationRef, memberId);
    }

    /**
     * Removes the member's MFA phone number (verified or not): the step before giving it another,
     * since a member's number is never overwritten.
     */
    public MemberResponse deleteMfaPhoneNumber(Project project, String organizationRef, String memberRef) {
        return mfa.deleteMfaPhoneNumber(project, organizationRef, memberRef);
    }

    /**
     * Forgets one of the member's retired email addresses, named by its {@code email_id}, its
     * address or both (then they must name the same one): another member may then take it.
     *
     * @throws ApiException retired_email_not_found when the member retired no such address
     */
    public UnlinkRetiredEmailResponse unlinkRetiredEmail(
            Project project, String organizationRef, String memberRef, String emailId, String emailAddress) {
        return edits.unlinkRetiredEmail(project, organizationRef, memberRef, emailId, emailAddress);
    }

    public SearchMembersResponse search(Project project, SearchMembersRequest request) {
        return searches.search(project, request);
    }

    /** Any member of the project by id, deleted ones only when asked for. */
    public MemberResponse dangerouslyGet(Project project, String memberId, boolean includeDeleted) {
        return lookups.dangerouslyGet(project, memberId, includeDeleted);
    }

    // ---------------------------------------------------------------- for other features

    /**
     * The member (not deleted) of the organization with this address, compared case-insensitively.
     *
     * @throws ApiException invalid_email for a malformed address, organization_not_found
     */
    public Optional<Member> findByEmail(Tx tx, Project project, String organizationId, String email) {
        return lookups.findByEmail(tx, project, organizationId, email);
    }

    /**
     * {@link #findByEmail(Tx, Project, String, String)} in an organization the caller has already
     * resolved (in {@code tx}), so it is not read again.
     */
    public Optional<Member> findByEmail(Tx tx, Project project, Organization org, String email) {
        return lookups.findByEmail(tx, project, org, email);
    }

    /**
     * Records the member's identity at an SSO connection (its {@code sso_registrations} entry),
     * created by its first login there and brought up to date by each later one; answers the
     * registration's id. {@code attributes} is what the IdP said of the member, kept as given.
     */
    public String recordSsoRegistration(
            Tx tx,
            Project project,
            String memberId,
            String connectionId,
            String externalId,
            Map<String, Object> attributes) {
        return recordSsoRegistration(tx, project, memberId, connectionId, externalId, attributes, List.of());
    }

    /**
     * {@link #recordSsoRegistration(Tx, Project, String, String, String, Map)} with the roles the
     * connection grants the member at this login (they replace those of its last login).
     */
    public String recordSsoRegistration(
            Tx tx,
            Project project,
            String memberId,
            String connectionId,
            String externalId,
            Map<String, Object> attributes,
            List<SsoRoleGrant> roles) {
        return lifecycle.recordSsoRegistration(tx, project, memberId, connectionId, externalId, attributes, roles);
    }

    /**
     * Forgets every member's registration at an SSO connection that is being deleted (and the
     * roles it gave), in the caller's transaction; cached member views see it at once.
     */
    public void forgetSsoConnection(Tx tx, Project project, String connectionId) {
        lifecycle.forgetSsoConnection(tx, project, connectionId);
    }

    /** The member (not deleted) of the organization with this member id; empty when none. */
    public Optional<Member> findById(Tx tx, Project project, String organizationId, String memberId) {
        return lookups.findById(tx, project, organizationId, memberId);
    }

    /**
     * {@link #findById(Tx, Project, String, String)} in an organization the caller has already
     * resolved (in {@code tx}): the hot paths that hold one save reading it again.
     */
    public Optional<Member> findById(Tx tx, Project project, Organization org, String memberId) {
        return lookups.findById(tx, project, org, memberId);
    }

    /**
     * {@link #findById(Tx, Project, Organization, String)} as of write counter {@code version},
     * which the caller read in {@code tx}: served from this node's cache while the counter holds
     * (the session check's hot path).
     */
    public Optional<Member> findAtVersion(Tx tx, Project project, Organization org, String memberId, long version) {
        return lookups.findAtVersion(tx, project, org, memberId, version);
    }

    /** Creates a {@code pending} member (JIT sign-up before the first login). */
    public Member createPending(Tx tx, Project project, String organizationId, String email) {
        return creation.createPending(tx, project, organizationId, email);
    }

    /**
     * Creates an {@code invited} member. {@code name}, the metadata and {@code roles} may be null.
     *
     * @throws ApiException duplicate_member_email, retired_member_email, invalid_email and the
     *     field errors of members create
     */
    public Member createInvited(
            Tx tx,
            Project project,
            String organizationId,
            String email,
            String name,
            Map<String, Object> trustedMetadata,
            Map<String, Object> untrustedMetadata,
            List<String> roles) {
        return creation.createInvited(
                tx, project, organizationId, email, name, trustedMetadata, untrustedMetadata, roles);
    }

    /**
     * Creates an {@code active} member whose email is verified (discovery: the creator of an
     * organization, or a member joining by email domain). {@code roles} may be null.
     */
    public Member createVerified(Tx tx, Project project, String organizationId, String email, List<String> roles) {
        return creation.createVerified(tx, project, organizationId, email, roles, null);
    }

    /**
     * As {@link #createVerified(Tx, Project, String, String, List)}, named as an identity provider
     * asserted it (SSO's JIT provisioning); a name members create would refuse is left out.
     */
    public Member createVerifiedNamed(Tx tx, Project project, String organizationId, String email, String name) {
        return creation.createVerified(tx, project, organizationId, email, null, name);
    }

    /**
     * Creates an {@code active} member with a verified email and the fields of {@code fields} that
     * are not null (name, metadata, MFA phone number, roles, external id): a member imported with
     * its password. {@code phoneVerified} marks the phone number verified.
     *
     * @throws ApiException the field and duplicate errors of members create
     */
    public Member createImported(
            Tx tx, Project project, String organizationId, CreateMemberRequest fields, boolean phoneVerified) {
        return creation.createImported(tx, project, organizationId, fields, phoneVerified);
    }

    /**
     * Turns a {@code pending} member into an {@code invited} one; an invited member stays so.
     *
     * @throws ApiException member_not_found (also for deleted members), user_already_invited when
     *     the member is already active
     */
    public Member markInvited(Tx tx, Project project, String organizationId, String memberId) {
        return lifecycle.markInvited(tx, project, organizationId, memberId);
    }

    /**
     * Marks the member {@code active} with {@code email_address_verified} true: what a completed
     * email login does. Pending and invited members become active.
     *
     * @throws ApiException member_not_found (also for deleted members)
     */
    public Member activateWithVerifiedEmail(Tx tx, Project project, String organizationId, String memberId) {
        return lifecycle.activateWithVerifiedEmail(tx, project, organizationId, memberId);
    }

    /**
     * A login link sent to the member's address was used: the member becomes active with its
     * address verified, and comes back with the id of its email factor. Reads the member once, in
     * {@code org} (already resolved in {@code tx}), and writes it only when that changes it, so a
     * returning member's login leaves its row (and the caches keyed by its write counter) alone.
     *
     * @param sentTo the address the link was mailed to: a link proves control of that mailbox
     *     only, so it logs in only while it is still the member's address
     * @return empty when the member is not in {@code org}, was deleted, has no email factor, or
     *     its address is no longer {@code sentTo}
     */
    public Optional<ActivatedMember> activateOnLogin(
            Tx tx, Project project, Organization org, String memberId, String sentTo) {
        return lifecycle.activateOnLogin(tx, project, org, memberId, sentTo);
    }

    /** Every membership (not deleted) of the address in the project, oldest first (discovery). */
    public List<Member> listByEmailAcrossOrganizations(Tx tx, Project project, String email) {
        return lookups.listByEmailAcrossOrganizations(tx, project, email);
    }

    /** True when an active member of the organization has a verified address at {@code domain}. */
    public boolean hasVerifiedMemberAtDomain(Tx tx, Project project, String organizationId, String domain) {
        return lookups.hasVerifiedMemberAtDomain(tx, project, organizationId, domain);
    }

    /** The id of the member's current email factor ({@code email-<env>-<uuid>}), for factors and method ids. */
    public Optional<String> emailFactorId(Tx tx, Project project, String memberId) {
        return lookups.emailFactorId(tx, project, memberId);
    }

    // ---------------------------------------------------------------- for the MFA features

    /**
     * The member (not deleted) of the organization named by member id or external id.
     *
     * @throws ApiException member_not_found, organization_not_found
     */
    public Member resolve(Tx tx, Project project, String organizationId, String memberRef) {
        return lookups.resolve(tx, project, organizationId, memberRef);
    }

    /**
     * {@link #resolve} that also locks the member's row until {@code tx} ends: for a feature whose
     * transaction must not interleave with another change of the member (enrolling a factor,
     * replacing its recovery codes), so that concurrent ones run as if one after the other.
     */
    public Member resolveForUpdate(Tx tx, Project project, String organizationId, String memberRef) {
        return lookups.resolveForUpdate(tx, project, organizationId, memberRef);
    }

    /**
     * Gives the member {@code phone} (normalised to E.164) as its MFA phone number, unverified,
     * when it has none. The number it already has changes nothing.
     *
     * @throws ApiException invalid_phone_number, member_phone_number_already_set when the member
     *     has another number, duplicate_member_phone_number when another member of the
     *     organization has this one
     */
    public Member setMfaPhoneNumber(Tx tx, Project project, String organizationId, String memberId, String phone) {
        return mfa.setMfaPhoneNumber(tx, project, organizationId, memberId, phone);
    }

    /** Marks the member's MFA phone number verified (an SMS code sent to it was entered). */
    public Member markMfaPhoneNumberVerified(Tx tx, Project project, String organizationId, String memberId) {
        return mfa.markMfaPhoneNumberVerified(tx, project, organizationId, memberId);
    }

    /** Records the member's active TOTP registration; null when it has none any more. */
    public Member setTotpRegistration(
            Tx tx, Project project, String organizationId, String memberId, String totpRegistrationId) {
        return mfa.setTotpRegistration(tx, project, organizationId, memberId, totpRegistrationId);
    }

    /** Records the member's password id ({@code member_password_id}); null when it has none any more. */
    public Member setPasswordId(
            Tx tx, Project project, String organizationId, String memberId, String memberPasswordId) {
        return mfa.setPasswordId(tx, project, organizationId, memberId, memberPasswordId);
    }

    /**
     * Sets {@code mfa_enrolled} and {@code default_mfa_method}; a null argument leaves that field
     * unchanged.
     *
     * @throws ApiException invalid_mfa_default_method
     */
    public Member updateMfaSettings(
            Tx tx,
            Project project,
            String organizationId,
            String memberId,
            Boolean mfaEnrolled,
            String defaultMfaMethod) {
        return mfa.updateMfaSettings(tx, project, organizationId, memberId, mfaEnrolled, defaultMfaMethod);
    }

    /**
     * Shows the member as locked ({@code is_locked}, {@code lock_created_at}, {@code
     * lock_expires_at}) until {@code until}: too many failed MFA attempts locked one of its factors.
     */
    public Member recordLock(
            Tx tx, Project project, String organizationId, String memberId, Instant lockedAt, Instant until) {
        return mfa.recordLock(tx, project, organizationId, memberId, lockedAt, until);
    }
}

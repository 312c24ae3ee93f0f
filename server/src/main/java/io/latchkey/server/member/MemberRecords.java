package io.latchkey.server.member;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.RetiredEmail;
import io.latchkey.api.member.SSORegistration;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.WrittenValues;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The member service's working parts over the store: finding members by the names callers use,
 * the uniqueness checks, the email change, and turning rows into API members. Each method runs
 * in the transaction it is given. Thread-safe (stateless besides the store).
 */
final class MemberRecords {
    /**
     * Bounds the per-node member cache: about 2-3 KiB each with its written JSON (estimated from a
     * heap histogram under load), so ~30 MiB at most of the launcher's -Xmx256m.
     */
    static final int VIEW_CACHE_SIZE = 10_000;

    private final MemberStore store;
    private final MemberRetiredEmailStore retiredEmails;
    private final MemberExtrasStore extras;
    private final Clock clock;
    /** Member rows with their retired emails by project/id, as of a write counter; see {@link #viewAtVersion}. */
    private final Cache<String, Snapshot> atVersion =
            Caffeine.newBuilder().maximumSize(VIEW_CACHE_SIZE).build();

    /**
     * A member row and its retired emails as read at one write counter. Never handed to a writer.
     * {@code view} is the member's view with the organization it was built for, kept once no MFA
     * lock holds (from then on only a write, which moves the counter, can change it).
     */
    private record Snapshot(MemberState state, Extras extras, long version, Organization viewOrg, Member view) {}

    MemberRecords(MemberStore store, MemberRetiredEmailStore retiredEmails, MemberExtrasStore extras, Clock clock) {
        this.store = store;
        this.retiredEmails = retiredEmails;
        this.extras = extras;
        this.clock = clock;
    }

    MemberState newMember(Project project, Organization org, String email, String status, Instant now) {
        MemberState m = new MemberState();
        m.memberId = Ids.newId(MemberService.ID_KIND, project.environment());
        m.organizationId = org.organizationId();
        m.emailAddress = Emails.normalize(email);
        m.emailId = Ids.newId("email", project.environment());
        m.status = status;
        m.createdAt = now;
        m.updatedAt = now;
        return m;
    }

    /** A member (not deleted) of the organization by member id or external id. */
    MemberState resolve(Tx tx, Project project, Organization org, String memberRef) {
        return resolve(tx, project, org, memberRef, false);
    }

    /**
     * {@link #resolve} for a read-modify-write of the member: its row stays locked until {@code tx}
     * ends, so no concurrent write of it can be lost, and a member deleted meanwhile is not found.
     */
    MemberState resolveForUpdate(Tx tx, Project project, Organization org, String memberRef) {
        return resolve(tx, project, org, memberRef, true);
    }

    private MemberState resolve(Tx tx, Project project, Organization org, String memberRef, boolean lock) {
        Optional<MemberState> found = Optional.empty();
        String projectId = project.projectId();
        if (Ids.looksLike(MemberService.ID_KIND, memberRef)) {
            Ids.requireEnvironment(MemberService.ID_KIND, memberRef, project.environment());
            found = lock
                    ? store.findActiveByIdForUpdate(tx, projectId, org.organizationId(), memberRef)
                    : store.findActiveById(tx, projectId, org.organizationId(), memberRef);
        } else if (memberRef != null
                && MemberRules.EXTERNAL_ID.matcher(memberRef).matches()) {
            found = lock
                    ? store.findByExternalIdForUpdate(tx, projectId, org.organizationId(), memberRef)
                    : store.findByExternalId(tx, projectId, org.organizationId(), memberRef);
        }
        return found.orElseThrow(MemberRecords::notFound);
    }

    /** Any member of the project by member id, whatever its status; ids of other shapes find nothing. */
    Optional<MemberState> byId(Tx tx, Project project, String memberId) {
        return byId(tx, project, memberId, false);
    }

    /** {@link #byId} for a read-modify-write: the row stays locked until {@code tx} ends. */
    Optional<MemberState> byIdForUpdate(Tx tx, Project project, String memberId) {
        return byId(tx, project, memberId, true);
    }

    private Optional<MemberState> byId(Tx tx, Project project, String memberId, boolean lock) {
        if (!Ids.looksLike(MemberService.ID_KIND, memberId)) {
            return Optional.empty();
        }
        Ids.requireEnvironment(MemberService.ID_KIND, memberId, project.environment());
        return lock
                ? store.findByIdForUpdate(tx, project.projectId(), memberId)
                : store.findById(tx, project.projectId(), memberId);
    }

    /** @return true when the address is another mailbox (not only another spelling of it) */
    boolean changeEmail(Tx tx, Project project, MemberState m, String requested, boolean unlink, Instant now) {
        String email = Emails.normalize(requested);
        if (Emails.key(email).equals(Emails.key(m.emailAddress))) {
            m.emailAddress = email; // Only the case changed: the same mailbox, still verified.
            return false;
        }
        String oldEmail = m.emailAddress;
        String oldEmailId = m.emailId;
        m.emailAddress = email;
        m.emailId = Ids.newId("email", project.environment());
        m.emailVerified = false;
        requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
        retiredEmails.unretireEmail(tx, project.projectId(), m.memberId, email);
        if (!unlink) {
            retiredEmails.retireEmail(tx, project.projectId(), m, oldEmailId, oldEmail, now);
        }
        return true;
    }

    /**
     * The friendly check before a write: the member's email, external id and phone number are not
     * held by another member of the organization, nor its email retired by one. The partial unique
     * indexes decide under concurrency.
     */
    void requireFree(Tx tx, Project project, MemberState m, ErrorType emailTaken) {
        String projectId = project.projectId();
        if (isOther(
                m,
                store.findByEmail(tx, projectId, m.organizationId, m.emailAddress)
                        .map(x -> x.memberId))) {
            throw duplicateEmail(emailTaken);
        }
        if (isOther(m, retiredEmails.retiredBy(tx, projectId, m.organizationId, m.emailAddress))) {
            throw new ApiException(
                    emailTaken == ErrorType.DUPLICATE_MEMBER_EMAIL ? ErrorType.RETIRED_MEMBER_EMAIL : emailTaken,
                    "The email address was retired by another member of the organization.");
        }
        if (m.externalId != null
                && isOther(
                        m,
                        store.findByExternalId(tx, projectId, m.organizationId, m.externalId)
                                .map(x -> x.memberId))) {
            throw new ApiException(
                    ErrorType.DUPLICATE_MEMBER_EXTERNAL_ID, "Another member of the organization has this external_id.");
        }
        if (m.mfaPhoneNumber != null
                && isOther(m, store.phoneOwner(tx, projectId, m.organizationId, m.mfaPhoneNumber))) {
            throw new ApiException(
                    ErrorType.DUPLICATE_MEMBER_PHONE_NUMBER,
                    "Another member of the organization has this mfa_phone_number.");
        }
    }

    private static boolean isOther(MemberState m, Optional<String> owner) {
        return owner.isPresent() && !owner.get().equals(m.memberId);
    }

    /**
     * The member's view as of write counter {@code version}, which the caller read in {@code tx}
     * (the session check does, joined to the session), served from this node's cache while the
     * counter holds. Every write of the row moves the counter, retired emails and SSO registrations included (they change
     * only with the row). The view itself is built per call: whether an MFA lock holds depends on
     * the time. Empty when the member is deleted or not in {@code org}.
     */
    Optional<Member> viewAtVersion(Tx tx, Project project, Organization org, String memberId, long version) {
        String key = project.projectId() + "/" + memberId;
        Snapshot snapshot = atVersion.getIfPresent(key);
        if (snapshot == null || snapshot.version() != version) {
            Optional<Versioned<MemberState>> loaded = store.findVersionedById(tx, project.projectId(), memberId);
            if (loaded.isEmpty()) {
                return Optional.empty();
            }
            MemberState m = loaded.get().value();
            Extras extras = extras(tx, project, List.of(m.memberId)).get(m.memberId);
            snapshot = new Snapshot(m, extras, loaded.get().version(), null, null);
            atVersion.put(key, snapshot);
        }
        MemberState m = snapshot.state();
        if (!m.organizationId.equals(org.organizationId()) || m.isDeleted()) {
            return Optional.empty();
        }
        if (snapshot.view() != null && snapshot.viewOrg() == org) {
            return Optional.of(snapshot.view());
        }
        Instant now = clock.instant();
        Member view = MemberViews.toMember(m, org, snapshot.extras(), now);
        if (!m.isLocked(now)) {
            // The organization instance is the one its own cache serves while unchanged: the view
            // stays right for as long as both hold.
            atVersion.put(
                    key, new Snapshot(m, snapshot.extras(), snapshot.version(), org, WrittenValues.remember(view)));
        }
        return Optional.of(view);
    }

    Member view(Tx tx, Project project, MemberState m, Organization org) {
        return MemberViews.toMember(
                m, org, extras(tx, project, List.of(m.memberId)).get(m.memberId), clock.instant());
    }

    List<Member> views(Tx tx, Project project, List<MemberState> rows, Map<String, Organization> orgs) {
        Map<String, Extras> extras =
                extras(tx, project, rows.stream().map(m -> m.memberId).toList());
        List<Member> out = new ArrayList<>(rows.size());
        Instant now = clock.instant();
        for (MemberState m : rows) {
            out.add(MemberViews.toMember(m, orgs.get(m.organizationId), extras.get(m.memberId), now));
        }
        return out;
    }

    /** What a member's view shows besides its row: retired emails and SSO registrations. */
    record Extras(List<RetiredEmail> retired, List<SSORegistration> ssoRegistrations, List<SsoRoleGrant> ssoRoles) {}

    /** Extras of each given member (an entry for every one). */
    private Map<String, Extras> extras(Tx tx, Project project, List<String> memberIds) {
        return extras.extras(tx, project.projectId(), memberIds);
    }

    static ApiException duplicateEmail(ErrorType type) {
        return new ApiException(type, "Another member of the organization has this email address.");
    }

    static ApiException notFound() {
        return new ApiException(ErrorType.MEMBER_NOT_FOUND, "Member not found.");
    }
}

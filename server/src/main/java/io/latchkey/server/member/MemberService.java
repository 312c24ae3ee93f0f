package io.latchkey.server.member;

import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.RetiredEmail;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.SearchMembersResponse;
import io.latchkey.api.member.UnlinkRetiredEmailResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.search.ResultsMetadata;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Metadata;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.UniqueViolationException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
 */
public final class MemberService {
  static final String ID_KIND = "member";
  private static final int MAX_SEARCH_ORGANIZATIONS = 1000;

  private final Database db;
  private final MemberStore store;
  private final MemberRecords records;
  private final OrganizationService organizations;
  private final Clock clock;
  private final RoleCatalog roles;
  private final List<MemberDeletionListener> deletionListeners = new CopyOnWriteArrayList<>();
  private final List<MemberLoginsListener> loginsListeners = new CopyOnWriteArrayList<>();

  public MemberService(Database db, MemberStore store, OrganizationService organizations, Clock clock) {
    this(db, store, organizations, clock, RoleCatalog.ANY);
  }

  /** {@code roles} decides which role ids may be assigned explicitly. */
  public MemberService(
      Database db, MemberStore store, OrganizationService organizations, Clock clock, RoleCatalog roles) {
    this.roles = Objects.requireNonNull(roles);
    this.db = db;
    this.store = store;
    this.records = new MemberRecords(store, clock);
    this.organizations = organizations;
    this.clock = clock;
  }

  /** Registers a listener called inside every member deletion's transaction. */
  public void addDeletionListener(MemberDeletionListener listener) {
    deletionListeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Registers a listener called inside every transaction that changes a member's email address,
   * deletes or reactivates it.
   */
  public void addLoginsListener(MemberLoginsListener listener) {
    loginsListeners.add(Objects.requireNonNull(listener));
  }

  /** Before {@code m} is written: its MFA lock goes too (an admin's change is the unlock). */
  private void invalidateLogins(Tx tx, Project project, MemberState m) {
    m.lockCreatedAt = null;
    m.lockExpiresAt = null;
    for (MemberLoginsListener listener : loginsListeners) {
      listener.onLoginsInvalidated(tx, project.projectId(), m.memberId);
    }
  }

  // ---------------------------------------------------------------- the members API

  public MemberResponse create(Project project, String organizationRef, CreateMemberRequest request) {
    Objects.requireNonNull(request);
    MemberState[] attempted = new MemberState[1];
    try {
      return db.inTransaction(
          tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            String status = Boolean.TRUE.equals(request.createMemberAsPending()) ? MemberState.PENDING : MemberState.ACTIVE;
            MemberState m = records.newMember(project, org, request.emailAddress(), status, now());
            attempted[0] = m;
            if (request.name() != null) {
              m.name = MemberRules.name(request.name());
            }
            m.trustedMetadata = Metadata.initial(request.trustedMetadata(), "trusted_metadata");
            m.untrustedMetadata = Metadata.initial(request.untrustedMetadata(), "untrusted_metadata");
            m.breakglass = Boolean.TRUE.equals(request.isBreakglass());
            if (request.mfaPhoneNumber() != null && !request.mfaPhoneNumber().isEmpty()) {
              m.mfaPhoneNumber = MemberRules.phoneNumber(request.mfaPhoneNumber());
            }
            m.mfaEnrolled = Boolean.TRUE.equals(request.mfaEnrolled());
            if (request.roles() != null) {
              m.roles = MemberRules.roles(request.roles());
              roles.requireKnown(tx, project, org, m.roles);
            }
            if (request.externalId() != null) {
              m.externalId = MemberRules.externalId(request.externalId());
            }
            records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
            store.insert(tx, project.projectId(), m);
            return response(tx, project, m, org);
          });
    } catch (UniqueViolationException e) {
      throw explain(project, attempted[0], ErrorType.DUPLICATE_MEMBER_EMAIL, e);
    }
  }

  /** The member named by {@code memberRef} (id or external id) or by email; exactly one is given. */
  public MemberResponse get(Project project, String organizationRef, String memberRef, String email) {
    if ((memberRef == null) == (email == null)) {
      throw new ApiException(ErrorType.INVALID_ARGUMENT, "Give exactly one of member_id and email_address.");
    }
    return db.read(
        tx -> {
          Organization org = organizations.resolve(tx, project, organizationRef);
          MemberState m =
              memberRef != null
                  ? records.resolve(tx, project, org, memberRef)
                  : store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
                      .orElseThrow(MemberRecords::notFound);
          return response(tx, project, m, org);
        });
  }

  /**
   * Applies {@code request}: absent fields and empty lists or maps are unchanged, {@code roles}
   * replaces the explicit roles ({@code ["stytch_member"]} removes them all), metadata merges at
   * the top level.
   */
  public MemberResponse update(
      Project project, String organizationRef, String memberRef, UpdateMemberRequest request) {
    Objects.requireNonNull(request);
    MemberState[] attempted = new MemberState[1];
    try {
      return db.inTransaction(
          tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
            attempted[0] = m;
            List<String> heldBefore = List.copyOf(m.roles);
            MemberUpdates.apply(m, request);
            // Only newly given roles must exist: one the policy has since dropped may be kept.
            roles.requireKnown(tx, project, org, m.roles.stream().filter(r -> !heldBefore.contains(r)).toList());
            if (request.emailAddress() != null
                && records.changeEmail(tx, project, m, request.emailAddress(), Boolean.TRUE.equals(request.unlinkEmail()), now())) {
              invalidateLogins(tx, project, m);
            }
            records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
            m.updatedAt = now();
            store.update(tx, project.projectId(), m);
            return response(tx, project, m, org);
          });
    } catch (UniqueViolationException e) {
      throw explain(project, attempted[0], ErrorType.DUPLICATE_MEMBER_EMAIL, e);
    }
  }

  /** Soft-deletes the member (status deleted); returns its id. */
  public String delete(Project project, String organizationRef, String memberRef) {
    return db.inTransaction(
        tx -> {
          Organization org = organizations.resolve(tx, project, organizationRef);
          MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
          m.status = MemberState.DELETED;
          m.updatedAt = now();
          invalidateLogins(tx, project, m);
          store.update(tx, project.projectId(), m);
          for (MemberDeletionListener listener : deletionListeners) {
            listener.onMemberDeleted(tx, project.projectId(), m.memberId);
          }
          return m.memberId;
        });
  }

  /** Brings a deleted member with a verified email back to active. Takes a member id only. */
  public MemberResponse reactivate(Project project, String organizationRef, String memberId) {
    MemberState[] attempted = new MemberState[1];
    try {
      return db.inTransaction(
          tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            MemberState m =
                records.byIdForUpdate(tx, project, memberId)
                    .filter(x -> x.organizationId.equals(org.organizationId()))
                    .orElseThrow(MemberRecords::notFound);
            attempted[0] = m;
            if (!m.isDeleted()) {
              throw new ApiException(
                  ErrorType.NO_DELETED_MEMBER_FOUND_FOR_REACTIVATION, "The member is not deleted.");
            }
            if (!m.emailVerified) {
              throw new ApiException(
                  ErrorType.EMAIL_UNVERIFIED_FOR_REACTIVATION,
                  "Only a member whose email address was verified can be reactivated.");
            }
            m.status = MemberState.ACTIVE;
            records.requireFree(tx, project, m, ErrorType.REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER);
            m.updatedAt = now();
            invalidateLogins(tx, project, m);
            store.update(tx, project.projectId(), m);
            return response(tx, project, m, org);
          });
    } catch (UniqueViolationException e) {
      throw explain(project, attempted[0], ErrorType.REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER, e);
    }
  }

  /**
   * Removes the member's MFA phone number (verified or not): the step before giving it another,
   * since a member's number is never overwritten.
   */
  public MemberResponse deleteMfaPhoneNumber(Project project, String organizationRef, String memberRef) {
    return db.inTransaction(
        tx -> {
          Organization org = organizations.resolve(tx, project, organizationRef);
          MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
          if (m.mfaPhoneNumber != null) {
            m.mfaPhoneNumber = null;
            m.mfaPhoneNumberVerified = false;
            m.updatedAt = now();
            store.update(tx, project.projectId(), m);
          }
          return response(tx, project, m, org);
        });
  }

  /**
   * Forgets one of the member's retired email addresses, named by its {@code email_id}, its
   * address or both (then they must name the same one): another member may then take it.
   *
   * @throws ApiException retired_email_not_found when the member retired no such address
   */
  public UnlinkRetiredEmailResponse unlinkRetiredEmail(
      Project project, String organizationRef, String memberRef, String emailId, String emailAddress) {
    if ((emailId == null || emailId.isEmpty()) && (emailAddress == null || emailAddress.isEmpty())) {
      throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "Give email_id, email_address or both.");
    }
    return db.inTransaction(
        tx -> {
          Organization org = organizations.resolve(tx, project, organizationRef);
          MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
          List<RetiredEmail> retired =
              store.retiredEmails(tx, project.projectId(), List.of(m.memberId)).getOrDefault(m.memberId, List.of());
          RetiredEmail found = retired.stream()
              .filter(r -> emailId == null || emailId.isEmpty() || emailId.equals(r.emailId()))
              .filter(r -> emailAddress == null || emailAddress.isEmpty()
                  || Emails.key(emailAddress).equals(Emails.key(r.emailAddress())))
              .findFirst()
              .orElseThrow(() -> new ApiException(ErrorType.RETIRED_EMAIL_NOT_FOUND,
                  "The member has no retired email address matching email_id and email_address."));
          store.unretireEmail(tx, project.projectId(), m.memberId, found.emailAddress());
          // Retired emails are part of the row's version (see MemberRecords): move it.
          m.updatedAt = now();
          store.update(tx, project.projectId(), m);
          Member view = records.view(tx, project, m, org);
          return new UnlinkRetiredEmailResponse(null, m.memberId, org.organizationId(), view, org, 200);
        });
  }

  public SearchMembersResponse search(Project project, SearchMembersRequest request) {
    List<String> refs = request.organizationIds();
    if (refs == null || refs.isEmpty()) {
      throw new ApiException(
          ErrorType.MEMBER_SEARCH_ORGANIZATION_IDS_EMPTY, "organization_ids must name at least one organization.");
    }
    if (refs.size() > MAX_SEARCH_ORGANIZATIONS) {
      throw new ApiException(
          ErrorType.INVALID_ARGUMENT, "organization_ids may name at most " + MAX_SEARCH_ORGANIZATIONS + " organizations.");
    }
    int limit = Paging.limit(request.limit());
    Paging.Position after = Paging.position(ID_KIND, request.cursor());
    Criteria<MemberFilter> criteria = MemberSearch.parse(request.query());
    return db.read(
        tx -> {
          Map<String, Organization> orgs = new LinkedHashMap<>();
          for (String ref : refs) {
            Organization org = organizations.resolve(tx, project, ref);
            orgs.put(org.organizationId(), org);
          }
          List<String> orgIds = List.copyOf(orgs.keySet());
          List<MemberState> rows = store.search(tx, project.projectId(), orgIds, criteria, after, limit + 1);
          int total = store.count(tx, project.projectId(), orgIds, criteria);
          String next = null;
          if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            MemberState last = rows.get(limit - 1);
            next = Paging.cursor(ID_KIND, new Paging.Position(last.createdAt.toEpochMilli(), last.memberId));
          }
          List<Member> members = records.views(tx, project, rows, orgs);
          Map<String, Organization> shown = new LinkedHashMap<>();
          members.forEach(m -> shown.put(m.organizationId(), orgs.get(m.organizationId())));
          return new SearchMembersResponse(members, new ResultsMetadata(total, next), shown);
        });
  }

  /** Any member of the project by id, deleted ones only when asked for. */
  public MemberResponse dangerouslyGet(Project project, String memberId, boolean includeDeleted) {
    return db.read(
        tx -> {
          MemberState m =
              records.byId(tx, project, memberId)
                  .filter(x -> includeDeleted || !x.isDeleted())
                  .orElseThrow(MemberRecords::notFound);
          Organization org = organizations.resolve(tx, project, m.organizationId);
          return response(tx, project, m, org);
        });
  }

  // ---------------------------------------------------------------- for other features

  /**
   * The member (not deleted) of the organization with this address, compared case-insensitively.
   *
   * @throws ApiException invalid_email for a malformed address, organization_not_found
   */
  public Optional<Member> findByEmail(Tx tx, Project project, String organizationId, String email) {
    Organization org = organizations.resolve(tx, project, organizationId);
    return store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
        .map(m -> records.view(tx, project, m, org));
  }

  /**
   * {@link #findByEmail(Tx, Project, String, String)} in an organization the caller has already
   * resolved (in {@code tx}), so it is not read again.
   */
  public Optional<Member> findByEmail(Tx tx, Project project, Organization org, String email) {
    return store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
        .map(m -> records.view(tx, project, m, org));
  }

  /**
   * Records the member's identity at an SSO connection (its {@code sso_registrations} entry),
   * created by its first login there and brought up to date by each later one; answers the
   * registration's id. {@code attributes} is what the IdP said of the member, kept as given.
   */
  public String recordSsoRegistration(Tx tx, Project project, String memberId, String connectionId,
      String externalId, Map<String, Object> attributes) {
    return store.upsertSsoRegistration(tx, project.projectId(), memberId, connectionId,
        io.latchkey.server.core.Ids.newId("sso-registration", project.environment()), externalId,
        io.latchkey.server.core.JsonText.write(attributes == null ? Map.of() : attributes), now());
  }

  /** The member (not deleted) of the organization with this member id; empty when none. */
  public Optional<Member> findById(Tx tx, Project project, String organizationId, String memberId) {
    return findById(tx, project, organizations.resolve(tx, project, organizationId), memberId);
  }

  /**
   * {@link #findById(Tx, Project, String, String)} in an organization the caller has already
   * resolved (in {@code tx}): the hot paths that hold one save reading it again.
   */
  public Optional<Member> findById(Tx tx, Project project, Organization org, String memberId) {
    return records.byId(tx, project, memberId)
        .filter(m -> m.organizationId.equals(org.organizationId()) && !m.isDeleted())
        .map(m -> records.view(tx, project, m, org));
  }

  /**
   * {@link #findById(Tx, Project, Organization, String)} as of write counter {@code version},
   * which the caller read in {@code tx}: served from this node's cache while the counter holds
   * (the session check's hot path).
   */
  public Optional<Member> findAtVersion(Tx tx, Project project, Organization org, String memberId, long version) {
    return records.viewAtVersion(tx, project, org, memberId, version);
  }

  /** Creates a {@code pending} member (JIT sign-up before the first login). */
  public Member createPending(Tx tx, Project project, String organizationId, String email) {
    return createIn(tx, project, organizationId, email, MemberState.PENDING, m -> {});
  }

  /**
   * Creates an {@code invited} member. {@code name}, the metadata and {@code roles} may be null.
   *
   * @throws ApiException duplicate_member_email, retired_member_email, invalid_email and the
   *     field errors of members create
   */
  public Member createInvited(
      Tx tx, Project project, String organizationId, String email, String name,
      Map<String, Object> trustedMetadata, Map<String, Object> untrustedMetadata, List<String> roles) {
    return createIn(tx, project, organizationId, email, MemberState.INVITED, m -> {
      if (name != null) {
        m.name = MemberRules.name(name);
      }
      m.trustedMetadata = Metadata.initial(trustedMetadata, "trusted_metadata");
      m.untrustedMetadata = Metadata.initial(untrustedMetadata, "untrusted_metadata");
      if (roles != null) {
        m.roles = MemberRules.roles(roles);
      }
    });
  }

  /**
   * Creates an {@code active} member whose email is verified (discovery: the creator of an
   * organization, or a member joining by email domain). {@code roles} may be null.
   */
  public Member createVerified(Tx tx, Project project, String organizationId, String email, List<String> roles) {
    return createIn(tx, project, organizationId, email, MemberState.ACTIVE, m -> {
      m.emailVerified = true;
      if (roles != null) {
        m.roles = MemberRules.roles(roles);
      }
    });
  }

  /**
   * Turns a {@code pending} member into an {@code invited} one; an invited member stays so.
   *
   * @throws ApiException member_not_found (also for deleted members), user_already_invited when
   *     the member is already active
   */
  public Member markInvited(Tx tx, Project project, String organizationId, String memberId) {
    return transition(tx, project, organizationId, memberId, m -> {
      if (m.status.equals(MemberState.ACTIVE)) {
        throw new ApiException(ErrorType.USER_ALREADY_INVITED, "The member is already active.");
      }
      m.status = MemberState.INVITED;
    });
  }

  /**
   * Marks the member {@code active} with {@code email_address_verified} true: what a completed
   * email login does. Pending and invited members become active.
   *
   * @throws ApiException member_not_found (also for deleted members)
   */
  public Member activateWithVerifiedEmail(Tx tx, Project project, String organizationId, String memberId) {
    return transition(tx, project, organizationId, memberId, m -> {
      m.status = MemberState.ACTIVE;
      m.emailVerified = true;
    });
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
    String sentToKey = Emails.key(Emails.normalize(sentTo));
    Optional<MemberState> found =
        records.byId(tx, project, memberId)
            .filter(
                x -> x.organizationId.equals(org.organizationId())
                    && !x.isDeleted()
                    && x.emailId != null
                    && Emails.key(x.emailAddress).equals(sentToKey));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    MemberState m = found.get();
    if (!MemberState.ACTIVE.equals(m.status) || !m.emailVerified) {
      // Read again, locked, before writing the whole row back: only a first login writes, so
      // the returning member's login above stays a plain read.
      Optional<MemberState> locked =
          records.byIdForUpdate(tx, project, memberId)
              .filter(x -> !x.isDeleted() && x.emailId != null && Emails.key(x.emailAddress).equals(sentToKey));
      if (locked.isEmpty()) {
        return Optional.empty();
      }
      m = locked.get();
      m.status = MemberState.ACTIVE;
      m.emailVerified = true;
      m.updatedAt = now();
      store.update(tx, project.projectId(), m);
    }
    return Optional.of(new ActivatedMember(records.view(tx, project, m, org), m.emailId));
  }

  /** Every membership (not deleted) of the address in the project, oldest first (discovery). */
  public List<Member> listByEmailAcrossOrganizations(Tx tx, Project project, String email) {
    List<MemberState> rows = store.findByEmailEverywhere(tx, project.projectId(), Emails.normalize(email));
    Map<String, Organization> orgs = new LinkedHashMap<>();
    for (MemberState m : rows) {
      orgs.computeIfAbsent(m.organizationId, id -> organizations.resolve(tx, project, id));
    }
    return records.views(tx, project, rows, orgs);
  }

  /** True when an active member of the organization has a verified address at {@code domain}. */
  public boolean hasVerifiedMemberAtDomain(Tx tx, Project project, String organizationId, String domain) {
    return store.hasVerifiedMemberAtDomain(tx, project.projectId(), organizationId, domain);
  }

  /** The id of the member's current email factor ({@code email-<env>-<uuid>}), for factors and method ids. */
  public Optional<String> emailFactorId(Tx tx, Project project, String memberId) {
    return records.byId(tx, project, memberId).filter(m -> !m.isDeleted()).map(m -> m.emailId);
  }

  // ---------------------------------------------------------------- for the MFA features

  /**
   * The member (not deleted) of the organization named by member id or external id.
   *
   * @throws ApiException member_not_found, organization_not_found
   */
  public Member resolve(Tx tx, Project project, String organizationId, String memberRef) {
    Organization org = organizations.resolve(tx, project, organizationId);
    return records.view(tx, project, records.resolve(tx, project, org, memberRef), org);
  }

  /**
   * {@link #resolve} that also locks the member's row until {@code tx} ends: for a feature whose
   * transaction must not interleave with another change of the member (enrolling a factor,
   * replacing its recovery codes), so that concurrent ones run as if one after the other.
   */
  public Member resolveForUpdate(Tx tx, Project project, String organizationId, String memberRef) {
    Organization org = organizations.resolve(tx, project, organizationId);
    return records.view(tx, project, records.resolveForUpdate(tx, project, org, memberRef), org);
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
    String e164 = MemberRules.phoneNumber(phone);
    try {
      return change(tx, project, organizationId, memberId, m -> {
        if (e164.equals(m.mfaPhoneNumber)) {
          return false;
        }
        if (m.mfaPhoneNumber != null) {
          throw new ApiException(
              ErrorType.MEMBER_PHONE_NUMBER_ALREADY_SET,
              "The member already has another mfa_phone_number; delete it before using a new one.");
        }
        m.mfaPhoneNumber = e164;
        m.mfaPhoneNumberVerified = false;
        records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
        return true;
      });
    } catch (UniqueViolationException e) {
      // Only the phone number changed, so it is the value another member took meanwhile.
      throw new ApiException(
          ErrorType.DUPLICATE_MEMBER_PHONE_NUMBER, "Another member of the organization has this mfa_phone_number.");
    }
  }

  /** Marks the member's MFA phone number verified (an SMS code sent to it was entered). */
  public Member markMfaPhoneNumberVerified(Tx tx, Project project, String organizationId, String memberId) {
    return change(tx, project, organizationId, memberId, m -> {
      boolean changed = !m.mfaPhoneNumberVerified;
      m.mfaPhoneNumberVerified = true;
      return changed;
    });
  }

  /** Records the member's active TOTP registration; null when it has none any more. */
  public Member setTotpRegistration(
      Tx tx, Project project, String organizationId, String memberId, String totpRegistrationId) {
    return change(tx, project, organizationId, memberId, m -> {
      boolean changed = !Objects.equals(m.totpRegistrationId, totpRegistrationId);
      m.totpRegistrationId = totpRegistrationId;
      return changed;
    });
  }

  /** Records the member's password id ({@code member_password_id}); null when it has none any more. */
  public Member setPasswordId(Tx tx, Project project, String organizationId, String memberId, String memberPasswordId) {
    return change(tx, project, organizationId, memberId, m -> {
      boolean changed = !Objects.equals(m.memberPasswordId, memberPasswordId);
      m.memberPasswordId = memberPasswordId;
      return changed;
    });
  }

  /**
   * Sets {@code mfa_enrolled} and {@code default_mfa_method}; a null argument leaves that field
   * unchanged.
   *
   * @throws ApiException invalid_mfa_default_method
   */
  public Member updateMfaSettings(
      Tx tx, Project project, String organizationId, String memberId, Boolean mfaEnrolled, String defaultMfaMethod) {
    String method = defaultMfaMethod == null ? null : MemberRules.defaultMfaMethod(defaultMfaMethod);
    return change(tx, project, organizationId, memberId, m -> {
      boolean changed = false;
      if (mfaEnrolled != null && m.mfaEnrolled != mfaEnrolled) {
        m.mfaEnrolled = mfaEnrolled;
        changed = true;
      }
      if (method != null && !method.equals(m.defaultMfaMethod)) {
        m.defaultMfaMethod = method;
        changed = true;
      }
      return changed;
    });
  }

  /**
   * Shows the member as locked ({@code is_locked}, {@code lock_created_at}, {@code
   * lock_expires_at}) until {@code until}: too many failed MFA attempts locked one of its factors.
   */
  public Member recordLock(Tx tx, Project project, String organizationId, String memberId, Instant lockedAt, Instant until) {
    return change(tx, project, organizationId, memberId, m -> {
      m.lockCreatedAt = lockedAt;
      m.lockExpiresAt = until;
      return true;
    });
  }

  // ---------------------------------------------------------------- internals

  private Member createIn(
      Tx tx, Project project, String organizationId, String email, String status, Consumer<MemberState> customize) {
    Organization org = organizations.resolve(tx, project, organizationId);
    MemberState m = records.newMember(project, org, email, status, now());
    customize.accept(m);
    roles.requireKnown(tx, project, org, m.roles);
    records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
    try {
      store.insert(tx, project.projectId(), m);
    } catch (UniqueViolationException e) {
      // The caller's transaction is spoiled and cannot be asked which value collided; the email
      // is the only unique value these creates set.
      throw MemberRecords.duplicateEmail(ErrorType.DUPLICATE_MEMBER_EMAIL);
    }
    return records.view(tx, project, m, org);
  }

  private Member transition(
      Tx tx, Project project, String organizationId, String memberId, Consumer<MemberState> change) {
    return change(tx, project, organizationId, memberId, m -> {
      change.accept(m);
      return true;
    });
  }

  /**
   * Applies {@code change} to the member; writes the row only when it reports a change. The row is
   * read locked, so a concurrent update of the member cannot be written over (nor this one lost).
   */
  private Member change(
      Tx tx, Project project, String organizationId, String memberId, Predicate<MemberState> change) {
    Organization org = organizations.resolve(tx, project, organizationId);
    MemberState m =
        records.byIdForUpdate(tx, project, memberId)
            .filter(x -> x.organizationId.equals(org.organizationId()) && !x.isDeleted())
            .orElseThrow(MemberRecords::notFound);
    if (change.test(m)) {
      m.updatedAt = now();
      store.update(tx, project.projectId(), m);
    }
    return records.view(tx, project, m, org);
  }

  /** After a unique violation in our own transaction: ask, in a fresh one, which value collided. */
  private RuntimeException explain(Project project, MemberState attempted, ErrorType emailTaken, RuntimeException cause) {
    if (attempted == null) {
      return cause;
    }
    return db.read(
        tx -> {
          try {
            records.requireFree(tx, project, attempted, emailTaken);
            return cause;
          } catch (ApiException e) {
            return e;
          }
        });
  }

  private MemberResponse response(Tx tx, Project project, MemberState m, Organization org) {
    return new MemberResponse(records.view(tx, project, m, org), org);
  }

  private Instant now() {
    return Timestamps.truncate(clock.instant());
  }
}

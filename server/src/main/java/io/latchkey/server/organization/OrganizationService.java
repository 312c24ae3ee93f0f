package io.latchkey.server.organization;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.api.organization.ActiveSSOConnection;
import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.CustomRole;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.organization.SearchOrganizationsRequest;
import io.latchkey.api.organization.SearchOrganizationsResponse;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.api.search.ResultsMetadata;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.WrittenValues;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.UniqueViolationException;
import io.latchkey.server.store.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Organizations: create, read, update, delete and search, plus {@link #resolve} for every
 * feature that takes an organization id. Methods without a {@link Tx} run their own transaction;
 * methods taking one join the caller's. Thread-safe.
 *
 * <p>Wherever an organization_id is expected, the organization's slug or external id is accepted
 * too; they are tried in that order (an id-shaped value is only ever an id).
 */
public final class OrganizationService {
    static final String ID_KIND = "organization";
    private static final int DERIVED_SLUG_ATTEMPTS = 3;

    /** Bounds the per-node organization cache: a few KiB each, so ~15 MiB at most of the launcher's -Xmx256m. */
    static final int VIEW_CACHE_SIZE = 5_000;

    private final Database db;
    private final OrganizationStore store;
    private final Clock clock;
    private final OrganizationReferences references;
    private final OrganizationNames names;
    private final List<OrganizationDeletionListener> deletionListeners = new CopyOnWriteArrayList<>();
    /** Organizations by project/id with their write counter; see {@link #findAtVersion}. */
    private final Cache<String, Versioned<Organization>> atVersion =
            Caffeine.newBuilder().maximumSize(VIEW_CACHE_SIZE).build();

    public OrganizationService(Database db, OrganizationStore store, Clock clock) {
        this(db, store, clock, RoleCatalog.ANY);
    }

    /** {@code roles} decides which role ids rbac_email_implicit_role_assignments may name. */
    public OrganizationService(Database db, OrganizationStore store, Clock clock, RoleCatalog roles) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.references = new OrganizationReferences(roles);
        this.names = new OrganizationNames(store);
    }

    /** Where the connections that organization settings name are looked up (the SSO room). */
    public void setSsoConnectionDirectory(SsoConnectionDirectory directory) {
        references.setSsoConnectionDirectory(directory);
    }

    /** Registers a listener called inside every organization deletion's transaction. */
    public void addDeletionListener(OrganizationDeletionListener listener) {
        deletionListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Creates an organization in its own transaction.
     *
     * @throws ApiException organization_slug_already_used, organization_external_id_already_used,
     *     or a settings error (contract README §5)
     */
    public Organization create(Project project, CreateOrganizationRequest request) {
        OrganizationDraft draft = draft(project, request);
        for (int attempt = 1; ; attempt++) {
            try {
                return db.inTransaction(tx -> insert(tx, project, draft));
            } catch (UniqueViolationException e) {
                // A concurrent create took the slug or external id between our check and our insert.
                // A derived slug is ours to change, so try again; otherwise say which value is taken.
                if (draft.slugDerived && attempt < DERIVED_SLUG_ATTEMPTS) {
                    draft.slugCollided = true;
                    continue;
                }
                throw db.read(tx -> names.conflict(tx, project, draft, e));
            }
        }
    }

    /**
     * Creates an organization inside the caller's transaction (for discovery, which creates the
     * organization and its first member together).
     */
    public Organization create(Tx tx, Project project, CreateOrganizationRequest request) {
        return create(tx, project, request, null);
    }

    /**
     * {@link #create(Tx, Project, CreateOrganizationRequest)} whose slug, when the request has none,
     * is derived from {@code slugSeed} rather than from the name (discovery derives it from the
     * creator's email); null means the name. A derived slug is made unique as usual.
     */
    public Organization create(Tx tx, Project project, CreateOrganizationRequest request, String slugSeed) {
        OrganizationDraft draft = draft(project, request);
        draft.slugSeed = slugSeed;
        try {
            return insert(tx, project, draft);
        } catch (UniqueViolationException e) {
            // The caller's transaction is spoiled and cannot be asked which value collided; the slug
            // is what concurrent creates realistically race on.
            throw OrganizationNames.slugTaken();
        }
    }

    public Organization get(Project project, String organizationRef) {
        return db.read(tx -> resolve(tx, project, organizationRef));
    }

    /**
     * Applies {@code request} to the organization. Absent fields and empty lists or maps are
     * unchanged, a non-empty list replaces a list setting, trusted_metadata merges at the top level.
     */
    public Organization update(Project project, String organizationRef, UpdateOrganizationRequest request) {
        Objects.requireNonNull(request);
        OrganizationDraft[] draft = new OrganizationDraft[1];
        try {
            return db.inTransaction(tx -> {
                // Resolved by any of its names, then read again by id with the row locked: the
                // draft below is written back whole, so it must start from the latest committed row.
                String id = resolve(tx, project, organizationRef).organizationId();
                Organization current = store.findByIdForUpdate(tx, project.projectId(), id)
                        .orElseThrow(
                                () -> new ApiException(ErrorType.ORGANIZATION_NOT_FOUND, "Organization not found."));
                draft[0] = OrganizationDraft.of(current);
                OrganizationRules.apply(draft[0], request);
                OrganizationRules.checkConsistency(draft[0]);
                references.requireKnownRoles(tx, project, current, draft[0]);
                references.requireKnownConnections(tx, project, current, draft[0]);
                names.requireFree(tx, project, draft[0]);
                draft[0].updatedAt = now();
                store.update(tx, project.projectId(), draft[0]);
                return draft[0].toOrganization();
            });
        } catch (UniqueViolationException e) {
            throw db.read(tx -> names.conflict(tx, project, draft[0], e));
        }
    }

    /**
     * Replaces the organization's own RBAC roles in the caller's transaction (the organization RBAC
     * policy call, which has checked them); returns the organization as written.
     */
    public Organization setCustomRoles(Tx tx, Project project, String organizationRef, List<CustomRole> customRoles) {
        String id = resolve(tx, project, organizationRef).organizationId();
        Organization current = store.findByIdForUpdate(tx, project.projectId(), id)
                .orElseThrow(() -> new ApiException(ErrorType.ORGANIZATION_NOT_FOUND, "Organization not found."));
        OrganizationDraft draft = OrganizationDraft.of(current);
        draft.customRoles = List.copyOf(customRoles);
        draft.updatedAt = now();
        store.setCustomRoles(tx, project.projectId(), id, draft.customRoles, draft.updatedAt);
        return draft.toOrganization();
    }

    /** Deletes the organization and every member of it; returns the organization's id. */
    public String delete(Project project, String organizationRef) {
        return db.inTransaction(tx -> {
            String id = resolve(tx, project, organizationRef).organizationId();
            for (OrganizationDeletionListener listener : deletionListeners) {
                listener.onOrganizationDeleted(tx, project, id);
            }
            store.delete(tx, project.projectId(), id);
            return id;
        });
    }

    public SearchOrganizationsResponse search(Project project, SearchOrganizationsRequest request) {
        int limit = Paging.limit(request.limit());
        Paging.Position after = Paging.position(ID_KIND, request.cursor());
        Criteria<OrganizationFilter> criteria = OrganizationSearch.parse(request.query());
        return db.read(tx -> {
            List<Organization> rows = store.search(tx, project.projectId(), criteria, after, limit + 1);
            int total = store.count(tx, project.projectId(), criteria);
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                Organization last = rows.get(limit - 1);
                next = Paging.cursor(
                        ID_KIND,
                        new Paging.Position(Instant.parse(last.createdAt()).toEpochMilli(), last.organizationId()));
            }
            return new SearchOrganizationsResponse(List.copyOf(rows), new ResultsMetadata(total, next));
        });
    }

    /**
     * The organization named by its id, slug or external id, in the caller's transaction.
     *
     * @throws ApiException organization_not_found (also for another project's organization),
     *     test_id_used_in_live_environment / live_id_used_in_test_environment
     */
    public Organization resolve(Tx tx, Project project, String organizationRef) {
        return find(tx, project, organizationRef)
                .orElseThrow(() -> new ApiException(ErrorType.ORGANIZATION_NOT_FOUND, "Organization not found."));
    }

    /**
     * The organization as of write counter {@code version}, which the caller read in {@code tx}
     * (the session check does, joined to the session). Served from this node's cache while the
     * counter is unchanged, so a busy organization is read once per change, not once per check.
     */
    public Optional<Organization> findAtVersion(Tx tx, Project project, String organizationId, long version) {
        String key = project.projectId() + "/" + organizationId;
        Versioned<Organization> cached = atVersion.getIfPresent(key);
        if (cached != null && cached.version() == version) {
            return Optional.of(cached.value());
        }
        Optional<Versioned<Organization>> loaded = store.findVersionedById(tx, project.projectId(), organizationId);
        loaded.ifPresent(v -> atVersion.put(key, new Versioned<>(WrittenValues.remember(v.value()), v.version())));
        return loaded.map(Versioned::value);
    }

    /**
     * Records the organization's SSO connections as its answers show them and its default
     * connection (null for none), in the SSO room's transaction, which holds the connections.
     */
    public void setSsoConnections(
            Tx tx,
            Project project,
            String organizationId,
            List<ActiveSSOConnection> active,
            String defaultConnectionId) {
        store.updateSsoConnections(
                tx,
                project.projectId(),
                organizationId,
                List.copyOf(active),
                defaultConnectionId,
                Timestamps.truncate(clock.instant()));
    }

    /** Like {@link #resolve} but empty when there is no such organization. */
    public Optional<Organization> find(Tx tx, Project project, String organizationRef) {
        if (organizationRef == null || organizationRef.isEmpty()) {
            return Optional.empty();
        }
        String projectId = project.projectId();
        if (Ids.looksLike(ID_KIND, organizationRef)) {
            Ids.requireEnvironment(ID_KIND, organizationRef, project.environment());
            return store.findById(tx, projectId, organizationRef);
        }
        // Slugs and external ids are one case-insensitive namespace: at most one organization
        // answers to a name, whichever kind of name it is.
        return OrganizationRules.SLUG.matcher(organizationRef).matches()
                        || OrganizationRules.EXTERNAL_ID
                                .matcher(organizationRef)
                                .matches()
                ? store.findByName(tx, projectId, organizationRef)
                : Optional.empty();
    }

    /**
     * Organizations whose email_allowed_domains include {@code domain} (lower case), oldest first:
     * the candidates for joining by email domain (discovery).
     */
    public List<Organization> listWithAllowedEmailDomain(Tx tx, Project project, String domain) {
        return store.withAllowedDomain(tx, project.projectId(), domain);
    }

    private OrganizationDraft draft(Project project, CreateOrganizationRequest request) {
        Objects.requireNonNull(request);
        if (request.organizationName() == null || request.organizationName().isBlank()) {
            throw new ApiException(ErrorType.ORGANIZATION_NAME_MISSING, "organization_name is required.");
        }
        OrganizationDraft draft = OrganizationDraft.fresh(Ids.newId(ID_KIND, project.environment()), now());
        OrganizationRules.apply(draft, OrganizationRules.asChanges(request));
        if (draft.emailInvites == null) {
            draft.emailInvites = OrganizationRules.defaultEmailInvites(request);
        }
        OrganizationRules.checkConsistency(draft);
        draft.slugDerived = draft.slug == null;
        return draft;
    }

    private Organization insert(Tx tx, Project project, OrganizationDraft draft) {
        references.requireKnownRoles(tx, project, null, draft);
        if (draft.slugDerived) {
            String base = Slugs.fromName(draft.slugSeed != null ? draft.slugSeed : draft.name);
            // After losing a race, the next numbered slug is what the other racers try too.
            draft.slug = draft.slugCollided ? OrganizationNames.randomSuffix(base) : names.freeSlug(tx, project, base);
            // No second look at the slug: a racer taking it now surfaces as a unique violation,
            // which create() retries, rather than as an error the caller never asked for.
            names.requireFreeExternalId(tx, project, draft);
        } else {
            names.requireFree(tx, project, draft);
        }
        store.insert(tx, project.projectId(), draft);
        return draft.toOrganization();
    }

    private Instant now() {
        return Timestamps.truncate(clock.instant());
    }
}

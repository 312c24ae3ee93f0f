package io.latchkey.server.organization;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.util.Optional;
import java.util.UUID;

/**
 * The organization's names (slug and external id, one case-insensitive namespace): a free slug
 * for one derived from a name, and the checks that another organization does not hold them.
 */
final class OrganizationNames {
    private static final int SLUG_SUFFIXES_TRIED = 20;

    private final OrganizationStore store;

    OrganizationNames(OrganizationStore store) {
        this.store = store;
    }

    /** The base slug, or the first free {@code base-n}; a random suffix if all of those are taken. */
    String freeSlug(Tx tx, Project project, String base) {
        if (store.nameOwner(tx, project.projectId(), base).isEmpty()) {
            return base;
        }
        for (int n = 2; n < 2 + SLUG_SUFFIXES_TRIED; n++) {
            String candidate = Slugs.withSuffix(base, n);
            if (store.nameOwner(tx, project.projectId(), candidate).isEmpty()) {
                return candidate;
            }
        }
        return randomSuffix(base);
    }

    static String randomSuffix(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The friendly check before writing; the unique indexes decide under concurrency. */
    void requireFree(Tx tx, Project project, OrganizationDraft draft) {
        // Slugs and external ids share one namespace, so either kind of name may hold the slug.
        Optional<String> slugOwner = store.nameOwner(tx, project.projectId(), draft.slug);
        if (slugOwner.isPresent() && !slugOwner.get().equals(draft.organizationId)) {
            throw slugTaken();
        }
        requireFreeExternalId(tx, project, draft);
    }

    void requireFreeExternalId(Tx tx, Project project, OrganizationDraft draft) {
        if (draft.externalId != null) {
            Optional<String> owner = store.nameOwner(tx, project.projectId(), draft.externalId);
            if (owner.isPresent() && !owner.get().equals(draft.organizationId)) {
                throw new ApiException(
                        ErrorType.ORGANIZATION_EXTERNAL_ID_ALREADY_USED,
                        "organization_external_id is already used by another organization.");
            }
        }
    }

    /** After a unique violation: which of our values another organization now holds. */
    RuntimeException conflict(Tx tx, Project project, OrganizationDraft draft, RuntimeException cause) {
        try {
            requireFree(tx, project, draft);
        } catch (ApiException e) {
            return e;
        }
        return cause;
    }

    static ApiException slugTaken() {
        return new ApiException(
                ErrorType.ORGANIZATION_SLUG_ALREADY_USED, "organization_slug is already used by another organization.");
    }
}

package io.latchkey.server.organization;

import java.util.List;

/**
 * One parsed filter of an organization search (contract §2.4). Values are already normalised:
 * slugs, emails and domains lower-cased, fuzzy needles lower-cased.
 */
sealed interface OrganizationFilter {
    record Ids(List<String> values) implements OrganizationFilter {}

    record Slugs(List<String> values) implements OrganizationFilter {}

    record NameContains(String needle) implements OrganizationFilter {}

    record SlugContains(String needle) implements OrganizationFilter {}

    record MemberEmails(List<String> values) implements OrganizationFilter {}

    record MemberEmailContains(String needle) implements OrganizationFilter {}

    /** Domains of {@code kind} {@code allowed} (email_allowed_domains) or {@code claimed}. */
    record Domains(String kind, List<String> values) implements OrganizationFilter {}

    record DomainContains(String kind, String needle) implements OrganizationFilter {}

    record HasActiveSsoConnection(boolean value) implements OrganizationFilter {}

    record SsoConnectionId(String value) implements OrganizationFilter {}
}

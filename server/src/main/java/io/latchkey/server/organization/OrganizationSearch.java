package io.latchkey.server.organization;

import io.latchkey.api.search.SearchOperand;
import io.latchkey.api.search.SearchQuery;
import io.latchkey.server.core.Domains;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.SearchErrors;
import io.latchkey.server.search.SearchTerms;
import java.util.List;
import java.util.Locale;

/** Reads an organization search query (contract §2.4) into filters. Stateless. */
final class OrganizationSearch {
    private static final SearchTerms TERMS = new SearchTerms(SearchErrors.ORGANIZATIONS);

    private OrganizationSearch() {}

    static Criteria<OrganizationFilter> parse(SearchQuery query) {
        return TERMS.parse(query, OrganizationSearch::filter);
    }

    private static OrganizationFilter filter(SearchOperand op) {
        switch (op.filterName()) {
            case "organization_ids":
                return new OrganizationFilter.Ids(TERMS.strings(op));
            case "organization_slugs":
                return new OrganizationFilter.Slugs(TERMS.strings(op));
            case "organization_name_fuzzy":
                return new OrganizationFilter.NameContains(TERMS.fuzzy(op));
            case "organization_slug_fuzzy":
                return new OrganizationFilter.SlugContains(TERMS.fuzzy(op));
            case "member_emails":
                return new OrganizationFilter.MemberEmails(lower(TERMS.strings(op)));
            case "member_email_fuzzy":
                return new OrganizationFilter.MemberEmailContains(TERMS.fuzzy(op));
            case "allowed_domains":
                return new OrganizationFilter.Domains("allowed", domains(TERMS.strings(op)));
            case "allowed_domain_fuzzy":
                return new OrganizationFilter.DomainContains("allowed", TERMS.fuzzy(op));
            case "claimed_email_domains":
                return new OrganizationFilter.Domains("claimed", domains(TERMS.strings(op)));
            case "has_active_sso_connection":
                return new OrganizationFilter.HasActiveSsoConnection(TERMS.bool(op));
            case "sso_connection_id":
                return new OrganizationFilter.SsoConnectionId(TERMS.string(op));
            default:
                throw TERMS.unknown(op);
        }
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> domains(List<String> values) {
        return values.stream().map(Domains::normalize).toList();
    }
}

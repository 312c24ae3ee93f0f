package io.latchkey.server.organization;

import io.latchkey.server.member.MemberSearchConditions;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.SearchTerms;
import java.util.List;

/**
 * The organization search's WHERE clause: every filter one SQL condition, so that a search's pages
 * and its total always agree. Conditions on members come from the member feature.
 */
final class OrganizationSearchSql {
    private OrganizationSearchSql() {}

    static void where(StringBuilder sql, List<Object> params, String projectId, Criteria<OrganizationFilter> criteria) {
        sql.append("o.project_id = ?");
        params.add(projectId);
        if (criteria.filters().isEmpty()) {
            return;
        }
        sql.append(" AND (");
        String joiner = criteria.any() ? " OR " : " AND ";
        for (int i = 0; i < criteria.filters().size(); i++) {
            if (i > 0) {
                sql.append(joiner);
            }
            condition(sql, params, projectId, criteria.filters().get(i));
        }
        sql.append(")");
    }

    private static void condition(StringBuilder sql, List<Object> params, String projectId, OrganizationFilter f) {
        if (f instanceof OrganizationFilter.Ids ids) {
            in(sql, params, "o.organization_id", ids.values());
        } else if (f instanceof OrganizationFilter.Slugs slugs) {
            in(
                    sql,
                    params,
                    "o.slug_key",
                    slugs.values().stream().map(OrganizationStore::key).toList());
        } else if (f instanceof OrganizationFilter.NameContains c) {
            like(sql, params, "o.name_key", c.needle());
        } else if (f instanceof OrganizationFilter.SlugContains c) {
            like(sql, params, "o.slug_key", c.needle());
        } else if (f instanceof OrganizationFilter.MemberEmails emails) {
            memberExists(sql, params, projectId);
            in(sql, params, MemberSearchConditions.EMAIL_KEY, emails.values());
            sql.append(")");
        } else if (f instanceof OrganizationFilter.MemberEmailContains c) {
            memberExists(sql, params, projectId);
            like(sql, params, MemberSearchConditions.EMAIL_KEY, c.needle());
            sql.append(")");
        } else if (f instanceof OrganizationFilter.Domains d) {
            domainExists(sql, params, d.kind());
            in(sql, params, "d.domain", d.values());
            sql.append(")");
        } else if (f instanceof OrganizationFilter.DomainContains d) {
            domainExists(sql, params, d.kind());
            like(sql, params, "d.domain", d.needle());
            sql.append(")");
        } else if (f instanceof OrganizationFilter.HasActiveSsoConnection h) {
            // The SSO room keeps the organization's active connections in this column ('[]': none).
            sql.append(h.value() ? "o.sso_active_connections <> '[]'" : "o.sso_active_connections = '[]'");
        } else if (f instanceof OrganizationFilter.SsoConnectionId c) {
            like(sql, params, "o.sso_active_connections", "\"connection_id\":\"" + c.value() + "\"");
        } else {
            throw new IllegalArgumentException("unknown filter " + f.getClass().getSimpleName());
        }
    }

    private static void memberExists(StringBuilder sql, List<Object> params, String projectId) {
        sql.append(MemberSearchConditions.memberOf("o.organization_id"));
        params.add(projectId);
    }

    private static void domainExists(StringBuilder sql, List<Object> params, String kind) {
        sql.append("EXISTS (SELECT 1 FROM organization_domains d WHERE d.organization_id = o.organization_id"
                + " AND d.kind = ? AND ");
        params.add(kind);
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<String> values) {
        sql.append(column)
                .append(" IN (")
                .append("?, ".repeat(values.size() - 1))
                .append("?)");
        params.addAll(values);
    }

    private static void like(StringBuilder sql, List<Object> params, String column, String needle) {
        sql.append(column).append(" LIKE ? ESCAPE '\\'");
        params.add(SearchTerms.containsPattern(needle));
    }
}

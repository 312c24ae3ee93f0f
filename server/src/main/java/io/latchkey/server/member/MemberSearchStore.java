package io.latchkey.server.member;

import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import io.latchkey.server.search.SearchTerms;
import io.latchkey.server.store.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The SQL of members search: a query's filters as a WHERE clause. Every statement names the project. */
final class MemberSearchStore {
    List<MemberState> search(
            Tx tx,
            String projectId,
            List<String> organizationIds,
            Criteria<MemberFilter> criteria,
            Paging.Position after,
            int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + MemberStore.COLUMNS + " FROM members m WHERE ");
        where(sql, params, projectId, organizationIds, criteria);
        if (after != null) {
            sql.append(" AND (m.created_at > ? OR (m.created_at = ? AND m.member_id > ?))");
            Collections.addAll(params, after.createdAtMillis(), after.createdAtMillis(), after.id());
        }
        sql.append(" ORDER BY m.created_at, m.member_id LIMIT ?");
        params.add(limit);
        return tx.query(sql.toString(), MemberStore::member, params.toArray());
    }

    int count(Tx tx, String projectId, List<String> organizationIds, Criteria<MemberFilter> criteria) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM members m WHERE ");
        where(sql, params, projectId, organizationIds, criteria);
        return (int) tx.queryLong(sql.toString(), params.toArray());
    }

    private static void where(
            StringBuilder sql,
            List<Object> params,
            String projectId,
            List<String> organizationIds,
            Criteria<MemberFilter> criteria) {
        sql.append("m.project_id = ? AND ");
        params.add(projectId);
        in(sql, params, "m.organization_id", organizationIds);
        // Deleted members only show up when the query asks about statuses.
        if (criteria.filters().stream().noneMatch(f -> f instanceof MemberFilter.Statuses)) {
            sql.append(MemberStore.NOT_DELETED);
        }
        if (criteria.filters().isEmpty()) {
            return;
        }
        sql.append(" AND (");
        for (int i = 0; i < criteria.filters().size(); i++) {
            if (i > 0) {
                sql.append(criteria.any() ? " OR " : " AND ");
            }
            condition(sql, params, criteria.filters().get(i));
        }
        sql.append(")");
    }

    private static void condition(StringBuilder sql, List<Object> params, MemberFilter f) {
        if (f instanceof MemberFilter.Ids ids) {
            in(sql, params, "m.member_id", ids.values());
        } else if (f instanceof MemberFilter.Emails emails) {
            in(sql, params, "m.email_key", emails.values());
        } else if (f instanceof MemberFilter.EmailContains c) {
            like(sql, params, "m.email_key", c.needle());
        } else if (f instanceof MemberFilter.Breakglass b) {
            sql.append("m.is_breakglass = ?");
            params.add(b.value());
        } else if (f instanceof MemberFilter.Statuses s) {
            in(sql, params, "m.status", s.values());
        } else if (f instanceof MemberFilter.PhoneNumbers p) {
            in(sql, params, "m.mfa_phone_number", p.values());
        } else if (f instanceof MemberFilter.PhoneNumberContains c) {
            like(sql, params, "m.mfa_phone_number", c.needle());
        } else {
            throw new IllegalArgumentException("unknown filter " + f.getClass().getSimpleName());
        }
    }

    private static void in(StringBuilder sql, List<Object> params, String column, List<?> values) {
        sql.append(column)
                .append(" IN (")
                .append(MemberStore.placeholders(values.size()))
                .append(")");
        params.addAll(values);
    }

    private static void like(StringBuilder sql, List<Object> params, String column, String needle) {
        sql.append(column).append(" LIKE ? ESCAPE '\\'");
        params.add(SearchTerms.containsPattern(needle));
    }
}

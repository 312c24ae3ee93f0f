package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.SearchMembersResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.search.ResultsMetadata;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the members API's search: the query ({@link MemberSearch}) over the named organizations,
 * a page at a time in creation order. Thread-safe.
 */
final class MemberSearches {
    private static final int MAX_SEARCH_ORGANIZATIONS = 1000;

    private final MemberParts parts;

    MemberSearches(MemberParts parts) {
        this.parts = parts;
    }

    SearchMembersResponse search(Project project, SearchMembersRequest request) {
        List<String> refs = request.organizationIds();
        if (refs == null || refs.isEmpty()) {
            throw new ApiException(
                    ErrorType.MEMBER_SEARCH_ORGANIZATION_IDS_EMPTY,
                    "organization_ids must name at least one organization.");
        }
        if (refs.size() > MAX_SEARCH_ORGANIZATIONS) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT,
                    "organization_ids may name at most " + MAX_SEARCH_ORGANIZATIONS + " organizations.");
        }
        int limit = Paging.limit(request.limit());
        Paging.Position after = Paging.position(MemberService.ID_KIND, request.cursor());
        Criteria<MemberFilter> criteria = MemberSearch.parse(request.query());
        MemberSearchStore store = parts.searchStore();
        MemberRecords records = parts.records();
        return parts.db().read(tx -> {
            Map<String, Organization> orgs = new LinkedHashMap<>();
            for (String ref : refs) {
                Organization org = parts.organizations().resolve(tx, project, ref);
                orgs.put(org.organizationId(), org);
            }
            List<String> orgIds = List.copyOf(orgs.keySet());
            List<MemberState> rows = store.search(tx, project.projectId(), orgIds, criteria, after, limit + 1);
            int total = store.count(tx, project.projectId(), orgIds, criteria);
            String next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                MemberState last = rows.get(limit - 1);
                next = Paging.cursor(
                        MemberService.ID_KIND, new Paging.Position(last.createdAt.toEpochMilli(), last.memberId));
            }
            List<Member> members = records.views(tx, project, rows, orgs);
            Map<String, Organization> shown = new LinkedHashMap<>();
            members.forEach(m -> shown.put(m.organizationId(), orgs.get(m.organizationId())));
            return new SearchMembersResponse(members, new ResultsMetadata(total, next), shown);
        });
    }
}

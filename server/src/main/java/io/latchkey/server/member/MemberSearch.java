package io.latchkey.server.member;

import io.latchkey.api.search.SearchOperand;
import io.latchkey.api.search.SearchQuery;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.SearchErrors;
import io.latchkey.server.search.SearchTerms;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a member search query into filters: the seven filter names the SDKs type (§3.5). Other
 * names Stytch's error list mentions are refused until their semantics are confirmed.
 */
final class MemberSearch {
    private static final SearchTerms TERMS = new SearchTerms(SearchErrors.MEMBERS);
    private static final Set<String> STATUSES =
            Set.of(MemberState.PENDING, MemberState.INVITED, MemberState.ACTIVE, MemberState.DELETED);

    private MemberSearch() {}

    static Criteria<MemberFilter> parse(SearchQuery query) {
        return TERMS.parse(query, MemberSearch::filter);
    }

    private static MemberFilter filter(SearchOperand op) {
        switch (op.filterName()) {
            case "member_ids":
                return new MemberFilter.Ids(TERMS.strings(op));
            case "member_emails":
                return new MemberFilter.Emails(TERMS.strings(op).stream()
                        .map(v -> v.strip().toLowerCase(Locale.ROOT))
                        .toList());
            case "member_email_fuzzy":
                return new MemberFilter.EmailContains(TERMS.fuzzy(op));
            case "member_is_breakglass":
                return new MemberFilter.Breakglass(TERMS.bool(op));
            case "statuses":
                return new MemberFilter.Statuses(statuses(TERMS.strings(op)));
            case "member_phone_numbers":
                return new MemberFilter.PhoneNumbers(
                        TERMS.strings(op).stream().map(MemberSearch::phone).toList());
            case "member_phone_number_fuzzy":
                return new MemberFilter.PhoneNumberContains(TERMS.fuzzy(op));
            default:
                throw TERMS.unknown(op);
        }
    }

    private static List<String> statuses(List<String> values) {
        for (String v : values) {
            if (!STATUSES.contains(v)) {
                throw new ApiException(
                        ErrorType.SEARCH_INVALID_STATUS_FILTER,
                        "statuses may hold pending, invited, active and deleted.");
            }
        }
        return values;
    }

    /** A number as stored (E.164) when it parses; otherwise as given, matching nothing. */
    private static String phone(String value) {
        try {
            return MemberRules.phoneNumber(value);
        } catch (ApiException e) {
            return value;
        }
    }
}

package io.latchkey.server.search;

import io.latchkey.server.core.ErrorType;

/** The error types one search API answers with; organization and member search name theirs. */
public record SearchErrors(
        ErrorType filterNameNotRecognized,
        ErrorType missingFilterValue,
        ErrorType invalidFilterValue,
        ErrorType fuzzyTooShort) {

    public static final SearchErrors ORGANIZATIONS = new SearchErrors(
            ErrorType.ORGANIZATION_SEARCH_FILTER_NAME_NOT_RECOGNIZED,
            ErrorType.ORGANIZATION_SEARCH_MISSING_FILTER_VALUE,
            ErrorType.ORGANIZATION_SEARCH_INVALID_FILTER_VALUE,
            ErrorType.ORGANIZATION_SEARCH_FUZZY_TOO_SHORT);

    public static final SearchErrors MEMBERS = new SearchErrors(
            ErrorType.MEMBER_SEARCH_FILTER_NAME_NOT_RECOGNIZED,
            ErrorType.MEMBER_SEARCH_MISSING_FILTER_VALUE,
            ErrorType.MEMBER_SEARCH_INVALID_FILTER_VALUE,
            ErrorType.MEMBER_SEARCH_FUZZY_TOO_SHORT);
}

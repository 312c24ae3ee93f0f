package io.latchkey.api.search;

/**
 * Paging information of a search response. {@code total} counts every match of the query (not
 * just this page); {@code nextCursor} is null on the last page.
 */
public record ResultsMetadata(int total, String nextCursor) {}

package io.latchkey.api.search;

import java.util.List;

/**
 * A search filter: {@code operator} is {@code AND} or {@code OR} (OR is kept for legacy
 * callers); an operator with no operands filters nothing. Both fields may be null on the wire;
 * the server refuses a missing operator.
 */
public record SearchQuery(String operator, List<SearchOperand> operands) {}

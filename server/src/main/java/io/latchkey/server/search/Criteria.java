package io.latchkey.server.search;

import java.util.List;

/**
 * A parsed search query: filters of one feature's type joined by AND or OR. An empty filter list
 * matches everything, whatever the operator (the contract: no operands filter nothing).
 */
public record Criteria<F>(boolean any, List<F> filters) {
    public static <F> Criteria<F> all() {
        return new Criteria<>(false, List.of());
    }
}

package io.latchkey.api.search;

/**
 * One filter of a {@link SearchQuery}. {@code filterValue} is whatever JSON the filter takes: a
 * list of strings, a string or a boolean (as Jackson reads it: {@code List}, {@code String},
 * {@code Boolean}); the server checks it against the filter's expected type.
 */
public record SearchOperand(String filterName, Object filterValue) {}

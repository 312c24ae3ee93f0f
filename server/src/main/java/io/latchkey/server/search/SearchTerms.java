package io.latchkey.server.search;

import io.latchkey.api.search.SearchOperand;
import io.latchkey.api.search.SearchQuery;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a {@link SearchQuery} into {@link Criteria}: the operator, and each operand's value
 * checked against the type its filter takes. Values are bounded (count and length, no control
 * characters) before any of them reaches SQL.
 */
public final class SearchTerms {
    /** More values than this in one filter is refused: it bounds the SQL parameter count. */
    public static final int MAX_VALUES = 1000;

    public static final int MAX_VALUE_LENGTH = 512;
    public static final int MIN_FUZZY_LENGTH = 3;
    public static final int MAX_OPERANDS = 50;

    private final SearchErrors errors;

    public SearchTerms(SearchErrors errors) {
        this.errors = errors;
    }

    /**
     * Parses {@code query} with {@code toFilter} turning each operand into a feature filter. A
     * null query matches everything.
     */
    public <F> Criteria<F> parse(SearchQuery query, Function<SearchOperand, F> toFilter) {
        if (query == null) {
            return Criteria.all();
        }
        String operator = query.operator() == null ? "" : query.operator().toUpperCase(Locale.ROOT);
        if (!operator.equals("AND") && !operator.equals("OR")) {
            throw new ApiException(ErrorType.INVALID_SEARCH_OPERATOR, "query.operator must be AND or OR.");
        }
        List<SearchOperand> operands = query.operands() == null ? List.of() : query.operands();
        if (operands.size() > MAX_OPERANDS) {
            throw new ApiException(
                    errors.invalidFilterValue(), "query may have at most " + MAX_OPERANDS + " operands.");
        }
        List<F> filters = new ArrayList<>();
        for (SearchOperand operand : operands) {
            if (operand == null
                    || operand.filterName() == null
                    || operand.filterName().isEmpty()) {
                throw new ApiException(errors.filterNameNotRecognized(), "Every operand needs a filter_name.");
            }
            filters.add(toFilter.apply(operand));
        }
        return new Criteria<>(operator.equals("OR"), filters);
    }

    /** The operand's filter name is not one this search knows. */
    public ApiException unknown(SearchOperand operand) {
        String name = operand.filterName();
        String shown = Text.isPrintable(name, 64) ? name : "(unprintable)";
        return new ApiException(errors.filterNameNotRecognized(), "Unknown filter_name " + shown + ".");
    }

    /** A non-empty array of non-empty strings. */
    public List<String> strings(SearchOperand operand) {
        Object value = requirePresent(operand);
        if (!(value instanceof List<?> list)) {
            throw invalid(operand, "an array of strings");
        }
        if (list.isEmpty()) {
            throw new ApiException(errors.missingFilterValue(), operand.filterName() + " needs at least one value.");
        }
        if (list.size() > MAX_VALUES) {
            throw new ApiException(
                    errors.invalidFilterValue(), operand.filterName() + " may have at most " + MAX_VALUES + " values.");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s) || !Text.isPrintable(s, MAX_VALUE_LENGTH)) {
                throw invalid(operand, "an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A non-empty string. */
    public String string(SearchOperand operand) {
        Object value = requirePresent(operand);
        if (!(value instanceof String s)) {
            throw invalid(operand, "a string");
        }
        if (s.isEmpty()) {
            throw new ApiException(errors.missingFilterValue(), operand.filterName() + " needs a value.");
        }
        if (!Text.isPrintable(s, MAX_VALUE_LENGTH)) {
            throw invalid(operand, "a string");
        }
        return s;
    }

    /** A string of at least three characters, lower-cased for case-insensitive matching. */
    public String fuzzy(SearchOperand operand) {
        String s = string(operand);
        if (Text.length(s.strip()) < MIN_FUZZY_LENGTH) {
            throw new ApiException(
                    errors.fuzzyTooShort(),
                    operand.filterName() + " needs at least " + MIN_FUZZY_LENGTH + " characters.");
        }
        return s.strip().toLowerCase(Locale.ROOT);
    }

    public boolean bool(SearchOperand operand) {
        Object value = requirePresent(operand);
        if (!(value instanceof Boolean b)) {
            throw invalid(operand, "a boolean");
        }
        return b;
    }

    /** The error for a value that is present but not acceptable. */
    public ApiException invalid(SearchOperand operand, String expected) {
        return new ApiException(errors.invalidFilterValue(), operand.filterName() + " must be " + expected + ".");
    }

    private Object requirePresent(SearchOperand operand) {
        if (operand.filterValue() == null) {
            throw new ApiException(errors.missingFilterValue(), operand.filterName() + " needs a filter_value.");
        }
        return operand.filterValue();
    }

    /** {@code value} with LIKE's wildcards escaped (escape character {@code \}), wrapped in %. */
    public static String containsPattern(String value) {
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}

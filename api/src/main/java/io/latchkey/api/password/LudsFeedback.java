package io.latchkey.api.password;

/** What a password lacks under the LUDS policy (length, upper, lower, digit, symbol). */
public record LudsFeedback(
        boolean hasLowerCase,
        boolean hasUpperCase,
        boolean hasDigit,
        boolean hasSymbol,
        int missingComplexity,
        int missingCharacters) {}

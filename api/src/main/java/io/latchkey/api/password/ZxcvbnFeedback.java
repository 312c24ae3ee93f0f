package io.latchkey.api.password;

import java.util.List;

/** Feedback in zxcvbn's shape: a warning ("" for none) and suggestions. */
public record ZxcvbnFeedback(String warning, List<String> suggestions) {}

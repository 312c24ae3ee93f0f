package io.latchkey.example.view;

/**
 * A failure as the user sees it: a plain title, and the error's type and message so that a
 * developer trying the example can tell what Latchkey said.
 *
 * @param title a sentence for people
 * @param errorType e.g. {@code organization_not_found}; never null
 * @param message the error's message; never null
 * @param requestId Latchkey's request id to quote; may be null
 */
public record Problem(String title, String errorType, String message, String requestId) {}

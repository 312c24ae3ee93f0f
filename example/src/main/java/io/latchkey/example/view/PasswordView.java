package io.latchkey.example.view;

/**
 * The password sign-in page, with "forgot your password?".
 *
 * @param email the email to prefill; never null
 * @param organizationSlug the slug to prefill; never null
 * @param problem what went wrong with the last attempt; null when nothing did
 */
public record PasswordView(String email, String organizationSlug, Problem problem) {}

package io.latchkey.example.view;

/**
 * The page an emailed password reset link lands on: a new password for the link's token.
 *
 * @param token the link's token, posted back with the new password; never null
 * @param problem what went wrong with the last attempt (a weak password); null when nothing did
 */
public record ResetPasswordView(String token, Problem problem) {}

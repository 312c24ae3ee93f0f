package io.latchkey.example.view;

/**
 * An organization in the login page's helper list.
 *
 * @param ssoConnectionId the active SSO connection "Sign in with SSO" uses (its default one when
 *     that is active); null when it has none or the app offers no SSO
 */
public record OrganizationChoice(String name, String slug, String allowedDomains, String ssoConnectionId) {}

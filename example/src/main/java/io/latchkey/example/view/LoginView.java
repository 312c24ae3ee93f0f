package io.latchkey.example.view;

import java.util.List;

/**
 * The login page.
 *
 * @param organizations the helper list; may be empty
 * @param organizationsUnavailable true when the list could not be loaded (Latchkey is down)
 * @param email the email to prefill; never null
 * @param organizationSlug the slug to prefill; never null
 * @param problem what went wrong with the last attempt; null when nothing did
 * @param notice a confirmation to show; null when none
 */
public record LoginView(
        List<OrganizationChoice> organizations,
        boolean organizationsUnavailable,
        String email,
        String organizationSlug,
        Problem problem,
        String notice) {}

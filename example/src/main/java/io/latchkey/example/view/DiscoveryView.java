package io.latchkey.example.view;

import java.util.List;

/**
 * The organizations a discovery link found.
 *
 * @param email the address the link proved
 * @param organizations one button each; may be empty
 * @param csrfToken the token the forms carry
 * @param problem what went wrong with the last choice; null when nothing did
 */
public record DiscoveryView(String email, List<DiscoveryChoice> organizations, String csrfToken, Problem problem) {

    /** One organization: its id (posted back), its name, and how the email relates to it. */
    public record DiscoveryChoice(String organizationId, String name, String membership) {}
}

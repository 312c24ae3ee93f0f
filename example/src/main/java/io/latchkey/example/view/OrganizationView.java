package io.latchkey.example.view;

import java.util.List;

/** The member's organization and the settings the dashboard lets admins change. */
public record OrganizationView(
        String organizationId,
        String name,
        String slug,
        String mfaPolicy,
        List<String> emailAllowedDomains,
        String emailInvites,
        String emailJitProvisioning,
        String authMethods) {

    public static final List<String> MFA_POLICIES = List.of("OPTIONAL", "REQUIRED_FOR_ALL");
    public static final List<String> EMAIL_INVITES = List.of("ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED");
    public static final List<String> EMAIL_JIT_PROVISIONING = List.of("RESTRICTED", "NOT_ALLOWED");

    /** The allowed domains as the form shows them: comma separated. */
    public String domainsText() {
        return String.join(", ", emailAllowedDomains);
    }
}

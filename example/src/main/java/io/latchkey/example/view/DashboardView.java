package io.latchkey.example.view;

/**
 * The dashboard.
 *
 * @param user the app's own row; null when it has none yet
 * @param csrfToken the session's CSRF token, echoed by every form
 * @param notice a confirmation after a save; null when none
 * @param refusal why the last change was refused; null when none
 */
public record DashboardView(
        Header header,
        MemberView member,
        OrganizationView organization,
        UserRowView user,
        SessionView session,
        String csrfToken,
        String notice,
        String refusal) {}

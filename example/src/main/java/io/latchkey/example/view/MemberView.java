package io.latchkey.example.view;

import java.util.List;

/**
 * The signed-in member, as the dashboard shows it.
 *
 * @param mayManageSettings whether the app's RBAC policy lets the member change the organization's
 *     settings ({@code billing} {@code update})
 * @param profilePicUrl shown as an image only when it is an https URL (the page's CSP allows
 *     https images and nothing else from elsewhere); the raw value is {@code profilePicUrlInput}
 */
public record MemberView(
        String memberId,
        String email,
        String name,
        String status,
        List<String> roles,
        boolean mayManageSettings,
        String displayName,
        String profilePicUrl,
        String profilePicUrlInput,
        String billingAddress) {

    /** What to call the member: display name, else name, else email. */
    public String greetingName() {
        if (!displayName.isBlank()) {
            return displayName;
        }
        return name.isBlank() ? email : name;
    }

    /** The first letter for the avatar placeholder. */
    public String initial() {
        String n = greetingName();
        return n.isEmpty() ? "?" : n.substring(0, n.offsetByCodePoints(0, 1)).toUpperCase(java.util.Locale.ROOT);
    }
}

package io.latchkey.example.view;

/** The app's own {@code users} row, as text; null fields render as a dash. */
public record UserRowView(
        String memberId, String organizationId, String email, String name, String lastLoginAt, String updatedAt) {}

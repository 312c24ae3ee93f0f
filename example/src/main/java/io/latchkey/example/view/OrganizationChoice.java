package io.latchkey.example.view;

/** An organization in the login page's helper list. */
public record OrganizationChoice(String name, String slug, String allowedDomains) {}

package io.latchkey.server.project;

/**
 * A freshly created project with its secret, the only time the secret exists in clear, and its
 * first public token (which may be listed again at any time).
 */
public record NewProject(Project project, String secret, String publicToken) {}

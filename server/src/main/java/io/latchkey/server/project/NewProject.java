package io.latchkey.server.project;

/** A freshly created project with its secret, the only time the secret exists in clear. */
public record NewProject(Project project, String secret) {}

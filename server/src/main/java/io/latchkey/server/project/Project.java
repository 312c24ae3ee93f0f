package io.latchkey.server.project;

import io.latchkey.server.core.Environment;
import java.time.Instant;

/** A tenant of this installation. Every other row belongs to exactly one project. */
public record Project(String projectId, String name, Environment environment, Instant createdAt) {}

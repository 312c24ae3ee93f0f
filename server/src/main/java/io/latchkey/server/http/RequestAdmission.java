package io.latchkey.server.http;

import io.latchkey.server.project.Project;

/**
 * Decides, once the project is known, whether an authenticated /v1/ request may run at all (the
 * per-project request budget). Implementations are thread-safe and cheap on the common path.
 */
@FunctionalInterface
public interface RequestAdmission {
    /** Admits everything. */
    RequestAdmission ALL = project -> {};

    /** Returns when the request may run; throws an ApiException (429) when it may not. */
    void admit(Project project);
}

package io.latchkey.api.rbac;

import java.util.List;

/** Something permissions are about, with the actions that exist on it. All fields non-null. */
public record PolicyResource(String resourceId, String description, List<String> actions) {}

package io.latchkey.api.rbac;

import java.util.List;

/** The actions allowed on one resource; {@code *} stands for all of them. All fields non-null. */
public record PolicyPermission(String resourceId, List<String> actions) {}

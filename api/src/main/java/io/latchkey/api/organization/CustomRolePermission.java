package io.latchkey.api.organization;

import java.util.List;

/** The actions a role may take on one resource ({@code *} for all). All fields non-null. */
public record CustomRolePermission(String resourceId, List<String> actions) {}

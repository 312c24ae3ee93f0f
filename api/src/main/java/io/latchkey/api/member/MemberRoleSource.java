package io.latchkey.api.member;

import java.util.Map;

/**
 * Why a member holds a role: {@code type} is {@code direct_assignment},
 * {@code email_assignment}, {@code sso_connection}, {@code sso_connection_group} or
 * {@code scim_connection_group}; {@code details} (nullable) says which domain, connection or
 * group.
 */
public record MemberRoleSource(String type, Map<String, Object> details) {}

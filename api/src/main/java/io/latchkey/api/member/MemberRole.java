package io.latchkey.api.member;

import java.util.List;

/** A role a member holds and why it holds it. Both fields non-null. */
public record MemberRole(String roleId, List<MemberRoleSource> sources) {}

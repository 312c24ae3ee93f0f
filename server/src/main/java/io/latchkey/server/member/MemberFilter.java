package io.latchkey.server.member;

import java.util.List;

/**
 * One parsed filter of a member search (contract §3.5). Emails and fuzzy needles are
 * lower-cased, phone numbers in E.164 where they parse.
 */
sealed interface MemberFilter {
    record Ids(List<String> values) implements MemberFilter {}

    record Emails(List<String> values) implements MemberFilter {}

    record EmailContains(String needle) implements MemberFilter {}

    record Breakglass(boolean value) implements MemberFilter {}

    record Statuses(List<String> values) implements MemberFilter {}

    record PhoneNumbers(List<String> values) implements MemberFilter {}

    record PhoneNumberContains(String needle) implements MemberFilter {}
}

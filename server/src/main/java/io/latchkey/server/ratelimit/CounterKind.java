package io.latchkey.server.ratelimit;

/** What a counter row counts; the wire name is stored in {@code limit_name}. */
enum CounterKind {
    EMAIL_SENDS_PER_ADDRESS("email_sends_per_address"),
    SMS_SENDS_PER_PHONE("sms_sends_per_phone"),
    SENDS_PER_ORGANIZATION("sends_per_organization"),
    SMS_SENDS_PER_ORGANIZATION("sms_sends_per_organization"),
    FAILED_AUTH_PER_IP("failed_auth_per_ip"),
    FAILED_AUTH_PER_CREDENTIAL("failed_auth_per_credential"),
    PROJECT_REQUESTS("project_requests"),
    SDK_SENDS_PER_IP("sdk_sends_per_ip");

    private final String wireName;

    CounterKind(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }
}

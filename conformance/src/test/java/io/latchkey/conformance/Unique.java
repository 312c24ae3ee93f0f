package io.latchkey.conformance;

import java.util.UUID;

/** Names that do not collide between tests sharing a server. */
final class Unique {
    private Unique() {}

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static String name(String base) {
        return base + " " + suffix();
    }

    static String slug(String base) {
        return base + "-" + suffix();
    }

    static String externalId(String base) {
        return base + "-" + suffix();
    }

    static String domain() {
        return "d" + suffix() + ".example.com";
    }

    static String email(String local) {
        return local + "@" + domain();
    }

    /** A unique address in a given domain, e.g. one an organization allows for JIT sign-up. */
    static String emailIn(String domain) {
        return "user-" + suffix() + "@" + domain;
    }

    static String email() {
        return email("user");
    }
}

package io.latchkey.server.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values hostile requests are made of. Strings go into JSON bodies (Jackson escapes them,
 * so a NUL arrives as {@code \u0000}); path ids and query values are given in wire form, exactly
 * as they appear on the request line.
 */
final class HostileValues {
    private HostileValues() {}

    static final String NO_SUCH_ORGANIZATION = "organization-test-00000000-0000-4000-8000-000000000000";
    static final String NO_SUCH_MEMBER = "member-test-00000000-0000-4000-8000-000000000000";
    static final String NO_SUCH_SESSION = "member-session-test-00000000-0000-4000-8000-000000000000";
    static final String NO_SUCH_PROJECT = "project-test-00000000-0000-4000-8000-000000000000";
    /** Well formed (43 base64url characters) but never minted. */
    static final String NO_SUCH_TOKEN = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    static final String EVIL_REDIRECT = "https://evil.example/callback";

    /** About 1 MiB less a little room for the rest of the body: the largest string a body may carry. */
    static final int NEAR_LIMIT = 1024 * 1024 - 4096;

    /** Strings for JSON string fields. */
    static List<String> strings() {
        List<String> s = new ArrayList<>(List.of(
                // empty, blank and JSON-ish words
                "",
                " ",
                "\t\n",
                "null",
                "undefined",
                "NaN",
                "-1",
                "0",
                "true",
                "[]",
                "{}",
                // SQL injection
                "' OR '1'='1",
                "' OR 1=1 --",
                "\" OR \"\"=\"",
                "'; DROP TABLE organizations; --",
                "1; DELETE FROM members; --",
                "' UNION SELECT secret_hash, project_id FROM projects --",
                "%' AND 1=1 --",
                "') OR ('a'='a",
                "\\'; SELECT pg_sleep(30); --",
                "1' AND SLEEP(30)#",
                "admin'--",
                "x' || (SELECT token_hash FROM member_sessions LIMIT 1) || '",
                "x'OR'1'='1@acme.test",
                "o'brien+test@acme.test",
                "\"a b\"@acme.test",
                // template and expression injection
                "{{7*7}}",
                "${7*7}",
                "#{7*7}",
                "<%= 7*7 %>",
                "${jndi:ldap://127.0.0.1:1389/a}",
                "{{constructor.constructor('return process')()}}",
                "*{7*7}",
                "[[${7*7}]]",
                "@(7*7)",
                "{{'a'.getClass().forName('java.lang.Runtime')}}",
                "%{7*7}",
                // markup and script
                "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(1)>",
                "javascript:alert(1)",
                "</title><svg/onload=alert(1)>",
                // paths
                "../../../../etc/passwd",
                "..\\..\\..\\windows\\win.ini",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "file:///etc/passwd",
                "/dev/random",
                // control and odd characters
                "a\u0000b",
                "\u0000",
                "\u0001\u0002\u001f\u007f",
                "line\r\nInjected-Header: x",
                "\u202eevil",
                "a\u200bb",
                "\ufeffbom",
                "\uff53\uff45\uff4c\uff45\uff43\uff54",
                "\ud83d\ude00\ud83d\ude00",
                "e\u0301\u0301\u0301",
                "\u0430dmin",
                "\u0130stanbul",
                "stra\u00dfe",
                "\u4e2d\u6587",
                // redirect tricks
                EVIL_REDIRECT,
                "//evil.example/x",
                "http://localhost:3000@evil.example/",
                "http://evil.example\\@localhost:3000/",
                "http://localhost:3000.evil.example/",
                "http://localhost.:3000/",
                "http://[::1]:3000/",
                "data:text/html,<script>alert(1)</script>",
                "http://localhost:3000/\r\nLocation: https://evil.example",
                // ids of the wrong shape or environment
                NO_SUCH_ORGANIZATION,
                NO_SUCH_MEMBER,
                NO_SUCH_SESSION,
                NO_SUCH_TOKEN,
                "organization-live-00000000-0000-4000-8000-000000000000",
                "member-live-00000000-0000-4000-8000-000000000000",
                "member-session-live-00000000-0000-4000-8000-000000000000",
                "ORGANIZATION-TEST-00000000-0000-4000-8000-000000000000",
                "organization-test-zzzzzzzz-0000-4000-8000-000000000000",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                // long
                "a".repeat(129),
                "a".repeat(255),
                "a".repeat(10_000),
                "\u00e9".repeat(100_000)));
        return s;
    }

    /** Strings every string field gets whatever the sample: the ones most likely to break storage or echo. */
    static List<String> core() {
        return List.of(
                "",
                " ",
                "a\u0000b",
                "\u0000",
                "\u0001\u0002\u001f\u007f",
                "line\r\nInjected-Header: x",
                "' OR '1'='1",
                "'; DROP TABLE organizations; --",
                "{{7*7}}",
                "${jndi:ldap://127.0.0.1:1389/a}",
                "<script>alert(1)</script>",
                "\ud83d\ude00\ud83d\ude00",
                "\u202eevil",
                "a".repeat(10_000),
                "../../../../etc/passwd",
                NO_SUCH_ORGANIZATION);
    }

    /** The largest string, sent once per string field. */
    static String nearLimit() {
        return "x".repeat(NEAR_LIMIT);
    }

    /** Path ids in wire form. */
    static List<String> pathIds() {
        List<String> p = new ArrayList<>(List.of(
                "..",
                ".",
                "%2e%2e",
                "%2E%2E%2F",
                "..%2f..%2f..%2fetc%2fpasswd",
                "..;",
                "%2e",
                "%00",
                "a%00b",
                "%0d%0aSet-Cookie:%20x=y",
                "%25",
                "%ZZ",
                "%",
                "%u0000",
                "%C0%AF",
                "%ED%A0%80",
                "%FF%FE",
                "%F0%9F%98%80",
                "\u00fc\u00f1\u00ee",
                "\ud83d\ude00",
                "%E2%80%AE",
                "a;b=c",
                ";",
                "a%3Fb",
                "a%23b",
                "a%2Fb",
                "a%5Cb",
                "\\",
                "a b",
                "%20",
                "+",
                "~",
                "*",
                "null",
                "undefined",
                "0",
                "-1",
                "NaN",
                enc("' OR '1'='1"),
                enc("'; DROP TABLE organizations; --"),
                enc("{{7*7}}"),
                enc("${jndi:ldap://x/a}"),
                enc("<script>alert(1)</script>"),
                NO_SUCH_ORGANIZATION,
                NO_SUCH_MEMBER,
                NO_SUCH_SESSION,
                NO_SUCH_PROJECT,
                "organization-live-00000000-0000-4000-8000-000000000000",
                "member-live-00000000-0000-4000-8000-000000000000",
                "project-live-00000000-0000-4000-8000-000000000000",
                NO_SUCH_ORGANIZATION.toUpperCase(),
                NO_SUCH_ORGANIZATION + "%20",
                "%20" + NO_SUCH_ORGANIZATION,
                "a".repeat(1000),
                "a".repeat(7000),
                "a".repeat(20_000)));
        return p;
    }

    /** Query values in wire form. */
    static List<String> queryValues() {
        List<String> q = new ArrayList<>(List.of(
                "",
                "%00",
                "a%00b",
                "%ZZ",
                "%",
                "%C0%AF",
                "%FF",
                "true%00",
                "TRUE",
                "yes",
                "1",
                "-1",
                "1e309",
                "NaN",
                enc("' OR '1'='1"),
                enc("{{7*7}}"),
                enc("${jndi:ldap://x/a}"),
                enc("<script>"),
                enc("a@b"),
                "%0d%0aX:%20y",
                enc(NO_SUCH_MEMBER),
                enc("member-live-00000000-0000-4000-8000-000000000000"),
                "a".repeat(7000)));
        return q;
    }

    /** Integer field values as raw JSON numbers (out of range, fractions, exponents). */
    static List<String> numbers() {
        return List.of(
                "-1",
                "0",
                "4",
                "2147483647",
                "-2147483648",
                "2147483648",
                "-2147483649",
                "99999999999999999999999999",
                "1e309",
                "-1e309",
                "1.5",
                "1.0",
                "1e2",
                "-0",
                "0.0000001");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

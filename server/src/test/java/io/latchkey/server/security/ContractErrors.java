package io.latchkey.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.testing.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What every refusal must look like (api README §5): a 4xx, JSON in the contract's error shape
 * whose status_code is the HTTP status, uncacheable and not sniffable, and nothing inside that
 * tells an attacker about the server: no stack trace, exception class, library name, SQL, secret
 * or token. Words the request itself carried (a path echoed in route_not_found) are not held
 * against the answer.
 */
final class ContractErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Case-insensitive markers of internals leaking out. */
    private static final List<String> LEAKS = List.of(
            "exception",
            "\tat ",
            "at io.latchkey",
            "at org.",
            "at java.",
            "org.eclipse",
            "jetty",
            "javalin",
            "com.fasterxml",
            "jackson",
            "hikari",
            "sqlite",
            "psql",
            "postgres",
            "jdbc",
            "select ",
            "insert into",
            "delete from",
            "update ",
            " where ",
            "syntax error",
            "constraint",
            "stacktrace",
            "<html",
            "<body",
            "caused by",
            "nullpointer",
            "java.lang");

    private ContractErrors() {}

    /** The problems with an answer to a request that should have been refused; empty when it is a proper refusal. */
    static List<String> problems(RawRequest request, RawRequest.Answer answer, Collection<String> secrets) {
        List<String> problems = new ArrayList<>();
        if (answer.status() < 0) {
            problems.add("no answer: " + answer.problem());
            return problems;
        }
        if (answer.status() < 400 || answer.status() > 499) {
            problems.add("status " + answer.status() + " is not a 4xx");
        }
        if (!"no-store".equals(answer.header("Cache-Control"))) {
            problems.add("Cache-Control is " + answer.header("Cache-Control"));
        }
        if (!"nosniff".equals(answer.header("X-Content-Type-Options"))) {
            problems.add("X-Content-Type-Options is " + answer.header("X-Content-Type-Options"));
        }
        String type = answer.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            problems.add("Content-Type is " + type);
        }
        if (request.method().equals("HEAD")) {
            return problems;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (Exception e) {
            problems.add("body is not JSON");
            return problems;
        }
        if (body == null || !body.isObject()) {
            problems.add("body is not a JSON object");
            return problems;
        }
        if (!body.path("status_code").isInt() || body.path("status_code").asInt() != answer.status()) {
            problems.add("status_code " + body.path("status_code") + " is not the HTTP status");
        }
        if (!body.path("request_id").asText().startsWith("request-id-")) {
            problems.add("request_id missing");
        }
        for (String field : List.of("error_type", "error_message", "error_url")) {
            if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                problems.add(field + " missing");
            }
        }
        if (!body.path("error_url").asText().startsWith("https://")) {
            problems.add("error_url is not a URL");
        }
        if (body.has("error")) {
            problems.add("an OAuth-style 'error' key");
        }
        String text = answer.body().toLowerCase(Locale.ROOT);
        String asked = (request.target() + " "
                        + (request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8)) + " "
                        + request.headers().stream().map(h -> h[1]).toList())
                .toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            if (text.contains(leak) && !asked.contains(leak)) {
                problems.add("answer mentions '" + leak.strip() + "'");
            }
        }
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 16 && answer.body().contains(secret)) {
                problems.add("answer contains a secret or token");
            }
        }
        if (asked.contains("7*7") && body.path("error_message").asText().contains("49")) {
            problems.add("a template expression was evaluated");
        }
        return problems;
    }
}

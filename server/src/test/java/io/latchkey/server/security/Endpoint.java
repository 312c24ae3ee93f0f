package io.latchkey.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One served route as the security suites see it: how to call it so that it is refused (the
 * hostile base request every mutation starts from), which of its inputs carry that refusal, and
 * how to aim it at another project's data.
 *
 * <p>The hostile base must be refused for a reason no single mutation of another input can take
 * away: a taken slug, an email already a member, a redirect URL off the allow-list, a token that
 * was used, revoked or never minted, a limit out of range. Inputs listed in {@link #keep} carry
 * that reason; mutations never drop them, never blank them, and replace them only with values
 * the {@code keep} predicate says are still refused.
 */
final class Endpoint {
    static final ObjectMapper JSON = new ObjectMapper();

    final String method;
    final String route;
    /** The request record the route reads from its body, or null when it reads no body. */
    Class<?> bodyType;

    final Map<String, String> path = new LinkedHashMap<>();
    final Map<String, String> query = new LinkedHashMap<>();
    /** Query parameters the route reads, with their type (String or Boolean). */
    final Map<String, Class<?>> queryTypes = new LinkedHashMap<>();

    ObjectNode body;
    final Map<String, Predicate<JsonNode>> keep = new LinkedHashMap<>();
    boolean authenticated = true;
    /**
     * A frontend SDK route (/sdk/v1): its base carries project a's public token (no session) and
     * an authorized origin, where other routes carry the secret.
     */
    boolean sdk;
    /**
     * False for a route that reads no input at all, so nothing but the credentials can carry a
     * refusal: its base request is sent without them (and every case mutating it must stay 4xx).
     */
    boolean credentialsInBase = true;

    final List<Probe> probes = new ArrayList<>();
    String noProbeReason;

    private Endpoint(String method, String route) {
        this.method = method;
        this.route = route;
    }

    static Endpoint get(String route) {
        return new Endpoint("GET", route);
    }

    static Endpoint post(String route, Class<?> bodyType) {
        return new Endpoint("POST", route).reads(bodyType);
    }

    static Endpoint put(String route, Class<?> bodyType) {
        return new Endpoint("PUT", route).reads(bodyType);
    }

    static Endpoint delete(String route) {
        return new Endpoint("DELETE", route);
    }

    Endpoint reads(Class<?> type) {
        this.bodyType = type;
        return this;
    }

    /** A path parameter of the hostile base; path parameters always carry the refusal. */
    Endpoint path(String name, String value) {
        path.put(name, value);
        return this;
    }

    Endpoint query(String name, Class<?> type, String value) {
        queryTypes.put(name, type);
        if (value != null) {
            query.put(name, value);
        }
        return this;
    }

    Endpoint body(Object... keysAndValues) {
        body = object(keysAndValues);
        return this;
    }

    Endpoint keep(String input, Predicate<JsonNode> stillRefused) {
        keep.put(input, stillRefused);
        return this;
    }

    Endpoint sdk() {
        sdk = true;
        return this;
    }

    Endpoint publicRoute() {
        authenticated = false;
        return this;
    }

    Endpoint probe(Probe probe) {
        probes.add(probe);
        return this;
    }

    /** See {@link #credentialsInBase}. */
    Endpoint refusedForMissingCredentials() {
        credentialsInBase = false;
        return this;
    }

    Endpoint noProbe(String reason) {
        noProbeReason = reason;
        return this;
    }

    /** "POST /v1/b2b/organizations", as the route is registered. */
    String key() {
        return method + " " + route;
    }

    /** The request target for these path and query values, used verbatim (values are in wire form). */
    String target(Map<String, String> pathValues, Map<String, String> queryValues) {
        String t = route;
        for (Map.Entry<String, String> p : pathValues.entrySet()) {
            t = t.replace("{" + p.getKey() + "}", p.getValue());
        }
        if (!queryValues.isEmpty()) {
            StringBuilder q = new StringBuilder();
            queryValues.forEach((k, v) ->
                    q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(v));
            t += q;
        }
        return t;
    }

    static ObjectNode object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.valueToTree(map);
    }

    @Override
    public String toString() {
        return key();
    }

    /**
     * One request aimed at another project's data with this project's credentials. {@code errors}
     * are the error types allowed in the answer; empty means the request must succeed (it names no
     * other project's id, only names another project also uses) and show nothing of the other project.
     */
    record Probe(
            String label,
            Map<String, String> path,
            Map<String, String> query,
            ObjectNode body,
            Set<String> errors,
            boolean writes,
            boolean readOnly) {

        static Probe refused(
                String label, Map<String, String> path, Map<String, String> query, ObjectNode body, String... errors) {
            return new Probe(label, path, query, body, Set.of(errors), false, false);
        }

        /** A refused read whose same request with the owner's credentials succeeds: the control that the ids are real. */
        static Probe refusedRead(
                String label, Map<String, String> path, Map<String, String> query, ObjectNode body, String... errors) {
            return new Probe(label, path, query, body, Set.of(errors), false, true);
        }

        static Probe succeedsInOwnProject(String label, Map<String, String> path, ObjectNode body, boolean writes) {
            return new Probe(label, path, Map.of(), body, Set.of(), writes, false);
        }
    }
}

package io.latchkey.server.security;

import static io.latchkey.server.security.Endpoint.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.latchkey.server.testing.RawRequest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Generates the hostile requests for every endpoint of the table: families of malformed input
 * (credentials, methods, content types, body syntax and encoding, wrong JSON types per field,
 * hostile strings per field, numbers, collections, missing and extra fields, path ids, query
 * strings, odd headers) plus random combinations of field mutations. Deterministic for a seed.
 * Requests are built lazily, when a case runs, so megabyte bodies are not all held at once.
 */
final class HostileCases {

    /** What a case's answer must be, beyond the contract's error shape. */
    enum Expect {
        /** Any 4xx. */
        CLIENT_ERROR,
        /** Exactly 400: JSON the server can tell is wrong before any rule runs. */
        BAD_REQUEST,
        /** Exactly 401 unauthorized_credentials. */
        UNAUTHORIZED,
        /** 404 or 405: no route answers this method here. */
        WRONG_METHOD,
        /** Exactly 413 request_too_large. */
        TOO_LARGE
    }

    record Case(String family, Endpoint endpoint, String detail, Supplier<RawRequest> request, Expect expect) {}

    private static final String[] METHODS = {
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "FOO"
    };
    private static final Map<String, byte[]> RAW = new ConcurrentHashMap<>();
    private static final AtomicInteger RAW_IDS = new AtomicInteger();

    private final SecurityWorld world;
    private final List<Endpoint> endpoints;
    private final Map<String, Set<String>> methodsByRoute = new LinkedHashMap<>();
    private final Random random;
    private final int randomCombinationsPerEndpoint;
    private final int stringsPerField;
    private final List<String> strings = HostileValues.strings();

    HostileCases(
            SecurityWorld world,
            List<Endpoint> endpoints,
            long seed,
            int randomCombinationsPerEndpoint,
            int stringsPerField) {
        this.world = world;
        this.endpoints = endpoints;
        this.random = new Random(seed);
        this.randomCombinationsPerEndpoint = randomCombinationsPerEndpoint;
        this.stringsPerField = stringsPerField;
        for (Endpoint e : endpoints) {
            methodsByRoute.computeIfAbsent(e.route, r -> new LinkedHashSet<>()).add(e.method);
        }
    }

    List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints) {
            authentication(e, cases);
            methods(e, cases);
            contentTypes(e, cases);
            headers(e, cases);
            queryStrings(e, cases);
            pathIds(e, cases);
            queryValues(e, cases);
            if (e.bodyType != null) {
                bodySyntax(e, cases);
                fields(e, cases);
                missingAndExtra(e, cases);
                randomCombinations(e, cases);
            }
        }
        return cases;
    }

    // ---------------------------------------------------------------- families

    private void authentication(Endpoint e, List<Case> out) {
        if (!e.authenticated) {
            return;
        }
        String id = world.a.projectId();
        String secret = world.a.secret();
        List<String> headers = new ArrayList<>(List.of(
                "",
                "Basic",
                "Basic ",
                "Basic !!!",
                "Basic ====",
                "Bearer " + secret,
                "Bearer " + b64(id + ":" + secret),
                "Digest username=\"" + id + "\"",
                "Basic " + b64(id),
                "Basic " + b64(":" + secret),
                "Basic " + b64(id + ":"),
                "Basic " + b64(id + ":secret-test-wrong"),
                "Basic " + b64(world.b.projectId() + ":" + secret),
                "Basic " + b64(id + ":" + world.b.secret()),
                "Basic " + b64(id + ":" + secret + " "),
                "Basic " + b64(id + ":" + secret.toUpperCase(Locale.ROOT)),
                "Basic " + b64(id.toUpperCase(Locale.ROOT) + ":" + secret),
                "Basic " + b64("' OR '1'='1:' OR '1'='1"),
                "Basic " + b64(id + ":" + secret + "\u0000"),
                "Basic " + b64(id + "\u0000:" + secret),
                "Basic " + "A".repeat(6000),
                "Basic " + b64("{{7*7}}:${7*7}"),
                "Basic " + b64("a".repeat(300) + ":" + secret),
                "Basic " + b64(id + ":" + secret) + "!!",
                "Basic " + b64(id + ":" + secret).substring(4),
                "Basic " + b64(HostileValues.NO_SUCH_PROJECT + ":" + secret),
                "Basic " + b64(id.replace("-test-", "-live-") + ":" + secret),
                "Basic " + b64(id + "%3A" + secret)));
        out.add(new Case(
                "auth",
                e,
                "no Authorization header",
                () -> base(e).replacingHeader("Authorization", null),
                Expect.UNAUTHORIZED));
        for (String h : headers) {
            out.add(new Case(
                    "auth",
                    e,
                    "Authorization: " + cut(h),
                    () -> base(e).replacingHeader("Authorization", h),
                    Expect.UNAUTHORIZED));
        }
    }

    private void methods(Endpoint e, List<Case> out) {
        Set<String> served = methodsByRoute.get(e.route);
        for (String m : METHODS) {
            if (!served.contains(m) && !(m.equals("HEAD") && served.contains("GET") && !e.route.startsWith("/v1/"))) {
                // With credentials: a wrong method is what must be refused, not their absence.
                out.add(new Case("method", e, m, () -> credentialed(e, base(e)).withMethod(m), Expect.WRONG_METHOD));
            }
        }
        out.add(new Case("method", e, "CONNECT", () -> base(e).withMethod("CONNECT"), Expect.CLIENT_ERROR));
        out.add(new Case(
                "method",
                e,
                "lower-case method",
                () -> base(e).withMethod(e.method.toLowerCase(Locale.ROOT)),
                Expect.CLIENT_ERROR));
    }

    private void contentTypes(Endpoint e, List<Case> out) {
        if (e.bodyType == null) {
            out.add(new Case(
                    "content-type",
                    e,
                    "XML body on a route without a body",
                    () -> base(e).withHeader("Content-Type", "application/xml").withBody("<a>&xxe;</a>"),
                    Expect.CLIENT_ERROR));
            out.add(new Case(
                    "content-type",
                    e,
                    "JSON body on a route without a body",
                    () -> base(e).withHeader("Content-Type", "application/json")
                            .withBody("{\"organization_id\":\"" + world.b.org1Id() + "\",\"member_id\":\""
                                    + world.b.member1Id() + "\"}"),
                    Expect.CLIENT_ERROR));
            return;
        }
        Map<String, Supplier<RawRequest>> variants = new LinkedHashMap<>();
        variants.put("no Content-Type", () -> base(e).replacingHeader("Content-Type", null));
        for (String type : List.of(
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/xml",
                "text/html",
                "*/*",
                "application/json; charset=iso-8859-1",
                "application/json, text/html",
                "application/" + "x".repeat(5000),
                "application/json; charset=utf-7",
                "application/json; boundary=\"")) {
            variants.put(type, () -> base(e).replacingHeader("Content-Type", type));
        }
        variants.put(
                "form body",
                () -> base(e).replacingHeader("Content-Type", "application/x-www-form-urlencoded")
                        .withBody("organization_id=" + world.b.org1Id() + "&email_address=a%40b.test"));
        variants.put(
                "multipart body",
                () -> base(e).replacingHeader("Content-Type", "multipart/form-data; boundary=XX")
                        .withBody("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{}\r\n--XX--\r\n"));
        variants.put(
                "XML body with an entity",
                () -> base(e).replacingHeader("Content-Type", "application/xml")
                        .withBody(
                                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"));
        variants.put(
                "UTF-16 body",
                () -> base(e).replacingHeader("Content-Type", "application/json; charset=utf-16")
                        .withBody(new String(body(e.body), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16)));
        variants.put(
                "UTF-32 body",
                () -> base(e).withBody(new String(body(e.body), StandardCharsets.UTF_8)
                        .getBytes(java.nio.charset.Charset.forName("UTF-32BE"))));
        variants.forEach((name, request) -> out.add(new Case("content-type", e, name, request, Expect.CLIENT_ERROR)));
    }

    private void headers(Endpoint e, List<Case> out) {
        Map<String, String[]> extra = new LinkedHashMap<>();
        extra.put("X-HTTP-Method-Override: DELETE", new String[] {"X-HTTP-Method-Override", "DELETE"});
        extra.put("X-HTTP-Method-Override: GET", new String[] {"X-HTTP-Method-Override", "GET"});
        extra.put("X-Forwarded-For", new String[] {"X-Forwarded-For", "127.0.0.1, ' OR 1=1 --"});
        extra.put("X-Forwarded-Host", new String[] {"X-Forwarded-Host", "evil.example"});
        extra.put("X-Stytch-Member-Session of b", new String[] {"X-Stytch-Member-Session", world.b.liveSessionToken()});
        extra.put("X-Stytch-Member-SessionJWT junk", new String[] {"X-Stytch-Member-SessionJWT", "a.b.c"});
        extra.put("Content-Encoding: gzip", new String[] {"Content-Encoding", "gzip"});
        extra.put("Expect: 100-continue", new String[] {"Expect", "100-continue"});
        extra.put("Expect: junk", new String[] {"Expect", "junk"});
        extra.put("Accept: text/html", new String[] {"Accept", "text/html"});
        extra.put("Accept: application/xml", new String[] {"Accept", "application/xml"});
        extra.put("Accept-Charset: utf-7", new String[] {"Accept-Charset", "utf-7"});
        extra.put("Origin", new String[] {"Origin", "https://evil.example"});
        extra.put("huge Cookie", new String[] {"Cookie", "a=" + "b".repeat(7000)});
        extra.put("Range", new String[] {"Range", "bytes=0-10"});
        extra.put("Upgrade: websocket", new String[] {"Upgrade", "websocket"});
        extra.put("second Content-Type", new String[] {"Content-Type", "text/plain"});
        extra.put("non-ASCII header value", new String[] {"X-Note", "caf\u00e9 \u00ff\u00fe"});
        extra.put("Transfer-Encoding with Content-Length", new String[] {"Transfer-Encoding", "chunked"});
        extra.put("header without a value", new String[] {"X-Empty", ""});
        extra.put("NUL in a header value", new String[] {"X-Nul", "a\u0000b"});
        extra.put("CR in a header value", new String[] {"X-Cr", "a\rb"});
        extra.put("header name with a space", new String[] {"X Bad", "1"});
        extra.forEach((name, h) -> out.add(new Case(
                "header",
                e,
                name,
                () -> {
                    RawRequest r = base(e);
                    if (h[0].equals("Transfer-Encoding")) {
                        byte[] b = r.body() == null ? new byte[0] : r.body();
                        return r.withHeader("Content-Length", Integer.toString(b.length))
                                .withHeader("Transfer-Encoding", "chunked")
                                .withBody(chunked(b));
                    }
                    return r.withHeader(h[0], h[1]);
                },
                Expect.CLIENT_ERROR)));
        String nulPath = e.route.contains("{") ? e.route.replaceAll("\\{[^}]+}", "a%00b") : e.route + "/a%00b";
        out.add(new Case(
                "header",
                e,
                "Accept: text/html and a NUL in the path",
                () -> base(e).withTarget(nulPath).withHeader("Accept", "text/html"),
                Expect.BAD_REQUEST));
    }

    private void queryStrings(Endpoint e, List<Case> out) {
        List<String> suffixes = List.of(
                "%00",
                "a=%ZZ",
                "a=b&".repeat(2000),
                "x=" + "a".repeat(7000),
                "organization_id=" + world.b.org1Id() + "&member_id=" + world.b.member1Id(),
                "a[]=1&a[x]=2",
                ";",
                "?",
                "project_id=" + world.b.projectId(),
                "%C0%AF=%ED%A0%80",
                "callback=alert(1)");
        for (String s : suffixes) {
            out.add(new Case(
                    "query",
                    e,
                    "?" + cut(s),
                    () -> {
                        RawRequest r = base(e);
                        return r.withTarget(r.target() + (r.target().contains("?") ? "&" : "?") + s);
                    },
                    Expect.CLIENT_ERROR));
        }
    }

    private void pathIds(Endpoint e, List<Case> out) {
        for (String param : e.path.keySet()) {
            List<String> values = new ArrayList<>(HostileValues.pathIds());
            worldValues(param).forEach(v -> values.add(HostileValues.enc(v)));
            for (String v : values) {
                out.add(new Case(
                        "path",
                        e,
                        param + "=" + cut(v),
                        () -> {
                            Map<String, String> path = new LinkedHashMap<>(e.path);
                            path.put(param, v);
                            return base(e).withTarget(e.target(path, e.query));
                        },
                        Expect.CLIENT_ERROR));
            }
        }
    }

    private void queryValues(Endpoint e, List<Case> out) {
        for (Map.Entry<String, Class<?>> q : e.queryTypes.entrySet()) {
            String name = q.getKey();
            List<String> values = new ArrayList<>(HostileValues.queryValues());
            for (String s : stringsForAField()) {
                values.add(HostileValues.enc(s));
            }
            worldValues(name).forEach(v -> values.add(HostileValues.enc(v)));
            for (String v : values) {
                if (e.keep.containsKey(name)
                        && (HostileValues.isBlank(v) || !e.keep.get(name).test(TextNode.valueOf(v)))) {
                    continue;
                }
                out.add(new Case(
                        "query",
                        e,
                        name + "=" + cut(v),
                        () -> {
                            Map<String, String> query = new LinkedHashMap<>(e.query);
                            query.put(name, v);
                            return base(e).withTarget(e.target(e.path, query));
                        },
                        Expect.CLIENT_ERROR));
            }
            if (!e.keep.containsKey(name) && e.query.containsKey(name)) {
                out.add(new Case(
                        "missing",
                        e,
                        "query " + name,
                        () -> {
                            Map<String, String> query = new LinkedHashMap<>(e.query);
                            query.remove(name);
                            return base(e).withTarget(e.target(e.path, query));
                        },
                        Expect.CLIENT_ERROR));
            }
            out.add(new Case(
                    "query",
                    e,
                    name + " twice",
                    () -> base(e).withTarget(
                                    e.target(e.path, e.query) + (e.query.isEmpty() ? "?" : "&") + name + "=%00"),
                    Expect.CLIENT_ERROR));
        }
    }

    private void bodySyntax(Endpoint e, List<Case> out) {
        String json = new String(body(e.body), StandardCharsets.UTF_8);
        String firstString = firstStringField(e);
        Map<String, Supplier<byte[]>> bad = new LinkedHashMap<>();
        for (String s : List.of(
                "null",
                "true",
                "1",
                "-1.5e3",
                "\"s\"",
                "[]",
                "[{}]",
                "[" + json + "]",
                "{",
                "}",
                "{\"a\":}",
                "{'a': 'b'}",
                "{\"a\":1,}",
                "{} {}",
                json + "x",
                json + json,
                "{\"a\" 1}",
                "/* c */" + json,
                "// c\n" + json,
                "{a:1}",
                "{\"a\":NaN}",
                "{\"a\":Infinity}",
                "{\"a\":-Infinity}",
                "{\"a\":01}",
                "{\"a\":0x10}",
                "{\"a\":.5}",
                "{\"a\":\"\\x41\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"unterminated}",
                "{\"a\":tru}",
                "\u0000",
                "\u0000" + json,
                json + "\u0000",
                "{\"a\"\u0000:1}",
                "\"" + "\\".repeat(5) + "\"")) {
            bad.put(cut(s), () -> s.getBytes(StandardCharsets.UTF_8));
        }
        bad.put(
                "100 000 nested objects",
                () -> ("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        bad.put("500 000 open arrays", () -> "[".repeat(500_000).getBytes(StandardCharsets.US_ASCII));
        bad.put(
                "100 nested arrays in a field",
                () -> set(e.body, List.of("zz_nested"), raw("[".repeat(100) + "]".repeat(100))));
        bad.put("a number of 100 000 digits", () -> set(e.body, List.of("zz_number"), raw("1".repeat(100_000))));
        bad.put("a key of 100 000 characters", () -> withRawTail(json, "\"" + "k".repeat(100_000) + "\":1"));
        if (firstString != null) {
            for (String name : List.of(
                    "C3 28",
                    "FF",
                    "C0 AF",
                    "ED A0 80",
                    "F4 90 80 80",
                    "E2 82",
                    "80",
                    "00",
                    "01 1F",
                    "F8 88 80 80 80")) {
                bad.put(
                        "bytes " + name + " in " + firstString,
                        () -> set(
                                e.body,
                                List.of(firstString),
                                rawBytes(concat(new byte[] {'"', 'a'}, hex(name), new byte[] {'b', '"'}))));
            }
        }
        for (String keep : e.keep.keySet()) {
            if (e.body.has(keep)) {
                bad.put(
                        "duplicate " + keep + ", the refused value last",
                        () -> withRawTail(
                                new String(body(without(e.body, keep)), StandardCharsets.UTF_8),
                                "\"" + keep + "\":\"zz-other-value\",\"" + keep + "\":"
                                        + e.body.get(keep).toString()));
                bad.put(
                        "duplicate " + keep + ", the refused value first",
                        () -> withRawTail(
                                new String(body(e.body), StandardCharsets.UTF_8),
                                "\"" + keep + "\":\"zz-other-value\""));
            }
        }
        bad.forEach((name, bytes) ->
                out.add(new Case("body", e, name, () -> base(e).withBody(bytes.get()), Expect.BAD_REQUEST)));

        Map<String, Supplier<byte[]>> odd = new LinkedHashMap<>();
        odd.put("UTF-8 BOM", () -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body(e.body)));
        odd.put("a million spaces first", () -> (" ".repeat(1_000_000) + json).getBytes(StandardCharsets.UTF_8));
        odd.put(
                "an unknown field of almost 1 MiB",
                () -> set(e.body, List.of("zz_huge"), TextNode.valueOf(HostileValues.nearLimit())));
        odd.put(
                "an unknown array of 300 000 numbers",
                () -> set(e.body, List.of("zz_array"), raw("[" + "1,".repeat(299_999) + "1]")));
        odd.put("20 000 unknown keys", () -> {
            ObjectNode copy = e.body.deepCopy();
            for (int i = 0; i < 20_000; i++) {
                copy.put("zz" + i, i);
            }
            return body(copy);
        });
        odd.put("1e999999 in an unknown field", () -> set(e.body, List.of("zz_big"), raw("1e999999")));
        if (firstString != null) {
            for (String escape : List.of(
                    "\\ud800",
                    "\\udc00x",
                    "\\ud800\\ud800",
                    "\\uDBFF\\uDFFF",
                    "\\u0000",
                    "\\u202e",
                    "\\uFFFF",
                    "\\uFFFE")) {
                odd.put(
                        "escape " + escape + " in " + firstString,
                        () -> set(e.body, List.of(firstString), raw("\"a" + escape + "b\"")));
            }
        }
        odd.forEach((name, bytes) ->
                out.add(new Case("body", e, name, () -> base(e).withBody(bytes.get()), Expect.CLIENT_ERROR)));

        out.add(new Case(
                "body",
                e,
                "1.1 MiB body",
                () -> base(e).withBody(set(e.body, List.of("zz_huge"), TextNode.valueOf("x".repeat(1_150_000)))),
                Expect.TOO_LARGE));
        out.add(new Case(
                "body",
                e,
                "chunked body",
                () -> base(e).withHeader("Transfer-Encoding", "chunked").withBody(chunked(body(e.body))),
                Expect.CLIENT_ERROR));
        out.add(new Case(
                "body",
                e,
                "chunked body over 1 MiB",
                () -> base(e).withHeader("Transfer-Encoding", "chunked")
                        .withBody(chunked(set(e.body, List.of("zz_huge"), TextNode.valueOf("x".repeat(1_150_000))))),
                Expect.TOO_LARGE));
        out.add(new Case(
                "body",
                e,
                "broken chunk framing",
                () -> base(e).withHeader("Transfer-Encoding", "chunked").withBody("zz\r\n{}\r\n0\r\n\r\n"),
                Expect.CLIENT_ERROR));
        out.add(new Case(
                "body",
                e,
                "chunk cut short",
                () -> base(e).withHeader("Transfer-Encoding", "chunked")
                        .withBody("10\r\n{\"a\":1}\r\n")
                        .endingInput(),
                Expect.CLIENT_ERROR));
        out.add(new Case(
                "body",
                e,
                "Content-Length shorter than the body",
                () -> {
                    byte[] b = body(e.body);
                    return base(e).withHeader("Content-Length", Integer.toString(Math.max(1, b.length / 2)))
                            .withBody(b);
                },
                Expect.CLIENT_ERROR));
        out.add(new Case(
                "body",
                e,
                "Content-Length not a number",
                () -> base(e).withHeader("Content-Length", "1e3").withBody(body(e.body)),
                Expect.CLIENT_ERROR));
        out.add(new Case(
                "body",
                e,
                "negative Content-Length",
                () -> base(e).withHeader("Content-Length", "-1").withBody(body(e.body)),
                Expect.CLIENT_ERROR));
    }

    private void fields(Endpoint e, List<Case> out) {
        for (FieldSpec f : fieldSpecs(e.bodyType, List.of(), 0)) {
            boolean kept = f.path.size() == 1 && e.keep.containsKey(f.name);
            for (JsonNode wrong : wrongTypes(f.type)) {
                out.add(new Case(
                        "type",
                        e,
                        f + " = " + cut(wrong.toString()),
                        () -> base(e).withBody(set(e.body, f.path, wrong)),
                        Expect.BAD_REQUEST));
            }
            Class<?> raw = rawClass(f.type);
            if (raw == String.class || raw == Object.class) {
                List<JsonNode> values = new ArrayList<>();
                stringsForAField().forEach(s -> values.add(TextNode.valueOf(s)));
                worldValues(f.name).forEach(v -> values.add(TextNode.valueOf(v)));
                for (JsonNode v : values) {
                    if (kept
                            && (HostileValues.isBlank(v.asText())
                                    || !e.keep.get(f.name).test(v))) {
                        continue;
                    }
                    out.add(new Case(
                            "string",
                            e,
                            f + " = " + cut(v.asText()),
                            () -> base(e).withBody(set(e.body, f.path, v)),
                            Expect.CLIENT_ERROR));
                }
                out.add(new Case(
                        "string",
                        e,
                        f + " = almost 1 MiB",
                        () -> base(e).withBody(set(e.body, f.path, TextNode.valueOf(HostileValues.nearLimit()))),
                        Expect.CLIENT_ERROR));
            }
            if (raw == Integer.class || raw == int.class || raw == Long.class) {
                for (String n : HostileValues.numbers()) {
                    if (kept && !e.keep.get(f.name).test(parse(n))) {
                        continue;
                    }
                    out.add(new Case(
                            "number",
                            e,
                            f + " = " + n,
                            () -> base(e).withBody(set(e.body, f.path, raw(n))),
                            Expect.CLIENT_ERROR));
                }
            }
            if (Collection.class.isAssignableFrom(raw)) {
                for (Map.Entry<String, Supplier<JsonNode>> c :
                        listValues(f.type).entrySet()) {
                    out.add(new Case(
                            "collection",
                            e,
                            f + " = " + c.getKey(),
                            () -> base(e).withBody(
                                            set(e.body, f.path, c.getValue().get())),
                            Expect.CLIENT_ERROR));
                }
            }
            if (Map.class.isAssignableFrom(raw)) {
                for (Map.Entry<String, Supplier<JsonNode>> c : mapValues(f.type).entrySet()) {
                    out.add(new Case(
                            "collection",
                            e,
                            f + " = " + c.getKey(),
                            () -> base(e).withBody(
                                            set(e.body, f.path, c.getValue().get())),
                            Expect.CLIENT_ERROR));
                }
            }
        }
    }

    private void missingAndExtra(Endpoint e, List<Case> out) {
        e.body.fieldNames().forEachRemaining(name -> {
            if (!e.keep.containsKey(name)) {
                out.add(new Case(
                        "missing", e, name, () -> base(e).withBody(body(without(e.body, name))), Expect.CLIENT_ERROR));
                out.add(new Case(
                        "missing",
                        e,
                        name + " = null",
                        () -> base(e).withBody(set(e.body, List.of(name), NullNode.getInstance())),
                        Expect.CLIENT_ERROR));
            }
        });
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent c : e.bodyType.getRecordComponents()) {
            known.add(wireName(c));
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extra.put("__proto__", Endpoint.object("admin", true));
        extra.put("constructor", Endpoint.object("prototype", Map.of("admin", true)));
        extra.put("project_id", TextNode.valueOf(world.b.projectId()));
        extra.put("organization_id", TextNode.valueOf(world.b.org1Id()));
        extra.put("member_id", TextNode.valueOf(world.b.member1Id()));
        extra.put("status", TextNode.valueOf("active"));
        extra.put("status_code", IntNode.valueOf(200));
        extra.put("request_id", TextNode.valueOf("request-id-test-forged"));
        extra.put("is_admin", BooleanNode.TRUE);
        extra.put("secret", TextNode.valueOf(world.b.secret()));
        extra.put("a\u0000b", IntNode.valueOf(1));
        extra.put("k".repeat(10_000), IntNode.valueOf(1));
        extra.put("$where", TextNode.valueOf("1 == 1"));
        extra.put("", TextNode.valueOf(""));
        extra.put("error", TextNode.valueOf("injected"));
        extra.forEach((key, value) -> {
            if (!known.contains(key)) {
                out.add(new Case(
                        "extra",
                        e,
                        cut(key),
                        () -> base(e).withBody(set(e.body, List.of(key), value)),
                        Expect.CLIENT_ERROR));
            }
        });
    }

    private void randomCombinations(Endpoint e, List<Case> out) {
        List<FieldSpec> specs = fieldSpecs(e.bodyType, List.of(), 0);
        for (int i = 0; i < randomCombinationsPerEndpoint; i++) {
            long seed = random.nextLong();
            out.add(new Case(
                    "random",
                    e,
                    "seed " + seed,
                    () -> {
                        Random r = new Random(seed);
                        ObjectNode body = e.body.deepCopy();
                        int changes = 2 + r.nextInt(3);
                        for (int c = 0; c < changes; c++) {
                            FieldSpec f = specs.get(r.nextInt(specs.size()));
                            boolean kept = f.path.size() == 1 && e.keep.containsKey(f.name);
                            JsonNode value = randomValue(r, f.type);
                            if (value == null
                                    || kept
                                            && (value.isNull()
                                                    || value.isTextual()
                                                            && (value.asText().isBlank()
                                                                    || !e.keep.get(f.name)
                                                                            .test(value)))) {
                                continue;
                            }
                            setInPlace(body, f.path, value);
                        }
                        return base(e).withBody(body(body));
                    },
                    Expect.CLIENT_ERROR));
        }
    }

    // ---------------------------------------------------------------- values

    private JsonNode randomValue(Random r, Type type) {
        Class<?> raw = rawClass(type);
        int pick = r.nextInt(4);
        if (pick == 0) {
            List<JsonNode> wrong = wrongTypes(type);
            return wrong.isEmpty() ? null : wrong.get(r.nextInt(wrong.size()));
        }
        if (raw == String.class || raw == Object.class) {
            return TextNode.valueOf(strings.get(r.nextInt(strings.size())));
        }
        if (raw == Integer.class) {
            List<String> n = HostileValues.numbers();
            return parse(n.get(r.nextInt(n.size())));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            ArrayNode a = JSON.createArrayNode();
            for (int i = r.nextInt(4); i >= 0; i--) {
                a.add(strings.get(r.nextInt(strings.size())));
            }
            return a;
        }
        if (Map.class.isAssignableFrom(raw)) {
            ObjectNode o = JSON.createObjectNode();
            o.put(strings.get(r.nextInt(strings.size())), strings.get(r.nextInt(strings.size())));
            return o;
        }
        return pick == 1 ? NullNode.getInstance() : BooleanNode.valueOf(r.nextBoolean());
    }

    /** JSON values of a type other than the field's (never null): a strict server refuses each with 400. */
    static List<JsonNode> wrongTypes(Type type) {
        Class<?> raw = rawClass(type);
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> out = new ArrayList<>();
        if (raw == String.class || raw.isEnum()) {
            out.addAll(List.of(
                    IntNode.valueOf(42),
                    DoubleNode.valueOf(-1.5),
                    BooleanNode.TRUE,
                    BooleanNode.FALSE,
                    f.objectNode(),
                    f.arrayNode(),
                    f.arrayNode().add("x"),
                    f.objectNode().put("a", "b")));
        } else if (raw == Integer.class || raw == int.class) {
            out.addAll(List.of(
                    TextNode.valueOf("60"),
                    TextNode.valueOf(""),
                    TextNode.valueOf("abc"),
                    DoubleNode.valueOf(1.5),
                    DoubleNode.valueOf(1e3),
                    BooleanNode.TRUE,
                    f.objectNode(),
                    f.arrayNode(),
                    f.arrayNode().add(60)));
        } else if (raw == Boolean.class || raw == boolean.class) {
            out.addAll(List.of(
                    TextNode.valueOf("true"),
                    TextNode.valueOf(""),
                    IntNode.valueOf(1),
                    IntNode.valueOf(0),
                    f.objectNode(),
                    f.arrayNode(),
                    f.arrayNode().add(true)));
        } else if (Collection.class.isAssignableFrom(raw)) {
            out.addAll(List.of(
                    TextNode.valueOf("x"),
                    IntNode.valueOf(1),
                    BooleanNode.TRUE,
                    f.objectNode().put("0", "x")));
            Type element = typeArgument(type, 0);
            for (JsonNode w : wrongTypes(element).stream().limit(4).toList()) {
                out.add(f.arrayNode().add(w));
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            out.addAll(List.of(
                    TextNode.valueOf("x"),
                    IntNode.valueOf(1),
                    BooleanNode.TRUE,
                    f.arrayNode(),
                    f.arrayNode().add(f.objectNode())));
            Type value = typeArgument(type, 1);
            if (value != null && rawClass(value) != Object.class) {
                for (JsonNode w : wrongTypes(value).stream().limit(3).toList()) {
                    out.add(f.objectNode().set("k", w));
                }
            }
        } else if (raw.isRecord()) {
            out.addAll(List.of(
                    TextNode.valueOf("x"),
                    IntNode.valueOf(1),
                    BooleanNode.TRUE,
                    f.arrayNode(),
                    f.arrayNode().add(f.objectNode())));
        }
        return out;
    }

    private Map<String, Supplier<JsonNode>> listValues(Type type) {
        boolean ofRecords = rawClass(typeArgument(type, 0)).isRecord();
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("[null]", () -> JSON.createArrayNode().addNull());
        v.put("[null, null]", () -> JSON.createArrayNode().addNull().addNull());
        if (ofRecords) {
            v.put("[{}]", () -> JSON.createArrayNode().add(JSON.createObjectNode()));
            v.put("[{nulls}]", () -> JSON.createArrayNode().add(Endpoint.object("domain", null, "role_id", null)));
            v.put(
                    "[hostile record]",
                    () -> JSON.createArrayNode()
                            .add(Endpoint.object(
                                    "domain", "' OR 1=1 --", "role_id", "{{7*7}}", "organization_id", "a\u0000b")));
            v.put("10 000 records", () -> {
                ArrayNode a = JSON.createArrayNode();
                for (int i = 0; i < 10_000; i++) {
                    a.add(Endpoint.object("domain", "d" + i + ".test", "role_id", "r" + i));
                }
                return a;
            });
            return v;
        }
        v.put("[\"\"]", () -> JSON.createArrayNode().add(""));
        v.put("[\" \"]", () -> JSON.createArrayNode().add(" "));
        v.put("[a NUL]", () -> JSON.createArrayNode().add("a\u0000b"));
        v.put("200 000 short strings", () -> {
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < 200_000; i++) {
                a.add("a");
            }
            return a;
        });
        v.put("10 000 duplicates", () -> {
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < 10_000; i++) {
                a.add("acme.test");
            }
            return a;
        });
        v.put("every hostile string", () -> {
            ArrayNode a = JSON.createArrayNode();
            strings.forEach(a::add);
            return a;
        });
        v.put("one almost 1 MiB string", () -> JSON.createArrayNode().add(HostileValues.nearLimit()));
        v.put("50 nested arrays", () -> parse("[".repeat(50) + "]".repeat(50)));
        for (String s : sample(strings, Math.min(12, stringsPerField))) {
            v.put("[" + cut(s) + "]", () -> JSON.createArrayNode().add(s));
        }
        return v;
    }

    private Map<String, Supplier<JsonNode>> mapValues(Type type) {
        Type valueType = typeArgument(type, 1);
        boolean ofLists = valueType != null && Collection.class.isAssignableFrom(rawClass(valueType));
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        if (ofLists) {
            v.put(
                    "{k: [null]}",
                    () -> JSON.createObjectNode()
                            .set("k", JSON.createArrayNode().addNull()));
            v.put("{k: null}", () -> JSON.createObjectNode().putNull("k"));
            v.put(
                    "{'': ['']}",
                    () -> JSON.createObjectNode().set("", JSON.createArrayNode().add("")));
            v.put(
                    "{hostile: [hostile]}",
                    () -> JSON.createObjectNode()
                            .set(
                                    "' OR 1=1 --",
                                    JSON.createArrayNode().add("{{7*7}}").add("a\u0000b")));
            v.put("10 000 keys", () -> {
                ObjectNode o = JSON.createObjectNode();
                for (int i = 0; i < 10_000; i++) {
                    o.set("k" + i, JSON.createArrayNode().add("v"));
                }
                return o;
            });
            return v;
        }
        v.put("21 keys", () -> {
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < 21; i++) {
                o.put("k" + i, i);
            }
            return o;
        });
        v.put("10 000 keys", () -> {
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < 10_000; i++) {
                o.put("k" + i, i);
            }
            return o;
        });
        v.put("60 levels deep", () -> parse("{\"a\":".repeat(60) + "1" + "}".repeat(60)));
        v.put("a value of almost 1 MiB", () -> JSON.createObjectNode().put("k", HostileValues.nearLimit()));
        v.put("a key of 10 000 characters", () -> JSON.createObjectNode().put("k".repeat(10_000), 1));
        v.put("an empty key", () -> JSON.createObjectNode().put("", 1));
        v.put("a NUL key", () -> JSON.createObjectNode().put("a\u0000b", 1));
        v.put("a NUL value", () -> JSON.createObjectNode().put("k", "a\u0000b"));
        v.put("a lone surrogate value", () -> rawObject("{\"k\":\"\\ud800\"}"));
        v.put(
                "reserved JWT claims",
                () -> Endpoint.object(
                        "sub",
                        "x",
                        "iss",
                        "x",
                        "aud",
                        "x",
                        "exp",
                        1,
                        "nbf",
                        1,
                        "iat",
                        1,
                        "jti",
                        "x",
                        "https://stytch.com/session",
                        Map.of("id", "x")));
        v.put("every hostile string as key and value", () -> {
            ObjectNode o = JSON.createObjectNode();
            strings.forEach(s -> o.put(s, s));
            return o;
        });
        v.put("1e999999 and -0", () -> rawObject("{\"a\":1e999999,\"b\":-0,\"c\":1e-999999}"));
        v.put("a 100 000 digit number", () -> rawObject("{\"a\":" + "9".repeat(100_000) + "}"));
        v.put("an array of 100 000 nulls", () -> {
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < 100_000; i++) {
                a.addNull();
            }
            return JSON.createObjectNode().set("k", a);
        });
        return v;
    }

    /** The world's ids and names that may stand in this input: b's always, a's only of another kind. */
    private List<String> worldValues(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(world.b.identifiers());
        SecurityWorld.Tenant a = world.a;
        addUnless(
                out,
                name,
                List.of("organization", "slug", "external"),
                a.org1Id(),
                a.org1Slug(),
                a.org1ExternalId(),
                a.org2Id(),
                a.org2Slug());
        addUnless(
                out,
                name,
                List.of("member", "external", "email"),
                a.member1Id(),
                a.member2Id(),
                a.apiMemberId(),
                a.apiMemberExternalId(),
                a.deletedMemberId(),
                a.org2MemberId(),
                a.member1Email(),
                a.apiMemberEmail());
        addUnless(out, name, List.of("session"), a.liveSessionId(), a.revokedSessionId());
        return out;
    }

    private static void addUnless(List<String> out, String input, List<String> kinds, String... values) {
        if (kinds.stream().noneMatch(input::contains)) {
            out.addAll(List.of(values));
        }
    }

    /** The core strings, then a sample of the others (all of them in a soak). */
    private List<String> stringsForAField() {
        List<String> core = HostileValues.core();
        List<String> rest = new ArrayList<>(strings);
        rest.removeAll(core);
        List<String> out = new ArrayList<>(core);
        out.addAll(sample(rest, Math.max(0, stringsPerField - core.size())));
        return out;
    }

    private List<String> sample(List<String> from, int count) {
        if (count >= from.size()) {
            return from;
        }
        List<String> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, count);
    }

    // ---------------------------------------------------------------- request building

    /** The endpoint's hostile base request, authenticated as project a when the route wants credentials. */
    RawRequest base(Endpoint e) {
        RawRequest r = RawRequest.of(e.method, e.target(e.path, e.query));
        if (e.sdk) {
            String publicToken = world.server.publicToken();
            r = r.withHeader("Authorization", RawRequest.basic(publicToken, publicToken))
                    .withHeader("Origin", SecurityWorld.SDK_ORIGIN)
                    .withHeader("X-SDK-Parent-Host", SecurityWorld.SDK_ORIGIN);
        } else if (e.authenticated && e.credentialsInBase) {
            r = r.withHeader("Authorization", RawRequest.basic(world.a.projectId(), world.a.secret()));
        }
        if (e.body != null) {
            r = r.withHeader("Content-Type", "application/json").withBody(body(e.body));
        }
        return r;
    }

    private RawRequest credentialed(Endpoint e, RawRequest r) {
        return e.authenticated && !e.credentialsInBase
                ? r.withHeader("Authorization", RawRequest.basic(world.a.projectId(), world.a.secret()))
                : r;
    }

    record FieldSpec(List<Object> path, String name, Type type) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (Object p : path) {
                s.append(p instanceof Integer i ? "[" + i + "]" : (s.length() == 0 ? "" : ".") + p);
            }
            return s.toString();
        }
    }

    /** The fields of a request record, with nested records (and the first element of lists of them) one level down. */
    static List<FieldSpec> fieldSpecs(Class<?> recordType, List<Object> prefix, int depth) {
        List<FieldSpec> out = new ArrayList<>();
        for (RecordComponent c : recordType.getRecordComponents()) {
            String name = wireName(c);
            List<Object> path = new ArrayList<>(prefix);
            path.add(name);
            Type type = c.getGenericType();
            out.add(new FieldSpec(List.copyOf(path), name, type));
            Class<?> raw = rawClass(type);
            if (depth < 2 && raw.isRecord()) {
                out.addAll(fieldSpecs(raw, path, depth + 1));
            } else if (depth < 2
                    && Collection.class.isAssignableFrom(raw)
                    && rawClass(typeArgument(type, 0)).isRecord()) {
                List<Object> first = new ArrayList<>(path);
                first.add(0);
                out.addAll(fieldSpecs(rawClass(typeArgument(type, 0)), first, depth + 1));
            }
        }
        return out;
    }

    /**
     * The first string field of the base that does not carry the refusal: the encoding cases
     * replace its value outright, which a kept input may only take when still refused.
     */
    private String firstStringField(Endpoint e) {
        for (RecordComponent c : e.bodyType.getRecordComponents()) {
            if (c.getType() == String.class && e.body.has(wireName(c)) && !e.keep.containsKey(wireName(c))) {
                return wireName(c);
            }
        }
        return null;
    }

    /** The JSON name of a request field: its @JsonProperty (md_5_config), else snake case. */
    static String wireName(RecordComponent c) {
        com.fasterxml.jackson.annotation.JsonProperty named =
                c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return named != null && !named.value().isEmpty() ? named.value() : snake(c.getName());
    }

    static String snake(String camel) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(camel);
    }

    static Class<?> rawClass(Type type) {
        if (type == null) {
            return Object.class;
        }
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index]
                : null;
    }

    /** The body with the value at path set (created on the way), serialized; raw placeholders expanded. */
    static byte[] set(ObjectNode base, List<Object> path, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        setInPlace(copy, path, value);
        return body(copy);
    }

    static void setInPlace(ObjectNode root, List<Object> path, JsonNode value) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            Object next = path.get(i + 1);
            JsonNode child = step instanceof Integer idx ? node.get(idx) : node.get((String) step);
            if (child == null
                    || next instanceof Integer && !child.isArray()
                    || next instanceof String && !child.isObject()) {
                child = next instanceof Integer ? JSON.createArrayNode() : JSON.createObjectNode();
                if (step instanceof Integer idx) {
                    ((ArrayNode) node).set(idx, child);
                } else {
                    ((ObjectNode) node).set((String) step, child);
                }
            }
            if (next instanceof Integer idx) {
                while (child.size() <= idx) {
                    ((ArrayNode) child).add(JSON.createObjectNode());
                }
            }
            node = child;
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer idx) {
            ArrayNode array = (ArrayNode) node;
            while (array.size() <= idx) {
                array.add(JSON.createObjectNode());
            }
            array.set(idx, value);
        } else {
            ((ObjectNode) node).set((String) last, value);
        }
    }

    static ObjectNode without(ObjectNode base, String field) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        return copy;
    }

    /** Serializes a body, replacing raw placeholders with their bytes. */
    static byte[] body(JsonNode node) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] marker = "\"__RAW_".getBytes(StandardCharsets.US_ASCII);
        if (indexOf(bytes, marker, 0) < 0) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int pos = 0;
        int at;
        while ((at = indexOf(bytes, marker, pos)) >= 0) {
            int end = indexOf(bytes, "__\"".getBytes(StandardCharsets.US_ASCII), at + marker.length);
            String id = new String(bytes, at + marker.length, end - at - marker.length, StandardCharsets.US_ASCII);
            out.write(bytes, pos, at - pos);
            out.writeBytes(RAW.get(id));
            pos = end + 3;
        }
        out.write(bytes, pos, bytes.length - pos);
        return out.toByteArray();
    }

    private static byte[] withRawTail(String json, String member) {
        String trimmed = json.strip();
        String inner = trimmed.substring(0, trimmed.length() - 1);
        return (inner + (inner.strip().endsWith("{") ? "" : ",") + member + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A placeholder that serializes as the given JSON text, verbatim. */
    static TextNode raw(String json) {
        return rawBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    static TextNode rawBytes(byte[] bytes) {
        String id = Integer.toString(RAW_IDS.incrementAndGet());
        RAW.put(id, bytes);
        return TextNode.valueOf("__RAW_" + id + "__");
    }

    private static JsonNode rawObject(String json) {
        return raw(json);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return raw(json);
        }
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = 64 * 1024;
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] hex(String spaced) {
        String[] parts = spaced.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String cut(String s) {
        String clean = s.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n");
        return clean.length() > 60 ? clean.substring(0, 60) + "…(" + s.length() + ")" : clean;
    }
}

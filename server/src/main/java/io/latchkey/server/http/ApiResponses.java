package io.latchkey.server.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import java.time.Duration;
import java.util.Map;

/**
 * Writing responses. Every body is JSON and carries {@code request_id} and {@code status_code};
 * errors have the contract's shape. Responses are never cached (they carry tokens and PII), except
 * the few public bodies written with {@link #okPublic}.
 */
public final class ApiResponses {
    private ApiResponses() {}

    /**
     * Writes {@code body} (a response record) with HTTP 200. The envelope fields are set here, so
     * response records may leave {@code request_id}/{@code status_code} to the web layer.
     */
    public static void ok(Context ctx, Object body) {
        write(ctx, 200, () -> envelope(ctx, body), NO_STORE);
    }

    /**
     * {@link #ok} inside {@code {"data": ...}}: how Stytch's frontend SDK expects a 2xx body (its
     * errors are the plain error body).
     */
    public static void okData(Context ctx, Object body) {
        write(
                ctx,
                200,
                () -> {
                    ObjectNode data = Json.mapper().createObjectNode();
                    data.put("request_id", RequestIds.of(ctx));
                    data.put("status_code", 200);
                    ObjectNode fields = body instanceof ObjectNode node
                            ? node
                            : Json.mapper().valueToTree(body);
                    fields.properties().forEach(e -> {
                        if (!e.getKey().equals("request_id") && !e.getKey().equals("status_code")) {
                            data.set(e.getKey(), e.getValue());
                        }
                    });
                    ObjectNode out = Json.mapper().createObjectNode();
                    out.set("data", data);
                    return Json.mapper().writeValueAsBytes(out);
                },
                NO_STORE);
    }

    /**
     * {@link #ok} for a body that is the same for every caller and holds nothing personal (the
     * JWKS): clients and shared caches may keep it for {@code maxAge}.
     */
    public static void okPublic(Context ctx, Object body, Duration maxAge) {
        write(ctx, 200, () -> envelope(ctx, body), "public, max-age=" + maxAge.toSeconds());
    }

    /**
     * The body with {@code request_id} and {@code status_code} first, then the body's own fields
     * but those two. A response record is written in one pass (see {@link Envelope}); anything
     * else goes through a tree, which gives the same bytes at about twice the cost.
     */
    private static byte[] envelope(Context ctx, Object body) throws JsonProcessingException {
        if (body.getClass().isRecord()) {
            return Json.mapper().writeValueAsBytes(new Envelope(RequestIds.of(ctx), 200, body));
        }
        ObjectNode node = Json.mapper().valueToTree(body);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("request_id", RequestIds.of(ctx));
        out.put("status_code", 200);
        node.properties().forEach(e -> {
            if (!e.getKey().equals("request_id") && !e.getKey().equals("status_code")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return Json.mapper().writeValueAsBytes(out);
    }

    /**
     * A response record inside the envelope: its fields are written in place (unwrapped), after
     * the envelope's own two, and its own request_id and status_code are left out.
     */
    record Envelope(
            String requestId,
            int statusCode,

            @JsonUnwrapped @JsonIgnoreProperties({"request_id", "status_code"})
            Object body) {}

    /** Writes the contract's error body for {@code e}. */
    public static void error(Context ctx, ApiException e) {
        error(ctx, e.type(), e.getMessage(), e.details());
        Long retryAfter = e.retryAfterSeconds();
        if (retryAfter != null) {
            ctx.header("Retry-After", Long.toString(retryAfter));
        }
    }

    public static void error(Context ctx, ErrorType type, String message, Map<String, Object> details) {
        ObjectNode body = errorBody(type, message, RequestIds.of(ctx), details);
        write(ctx, type.httpStatus(), () -> Json.mapper().writeValueAsBytes(body), NO_STORE);
    }

    /**
     * The contract's error body, for writers without a Javalin context (Jetty's own error
     * handling, see {@link JsonErrorHandler}).
     */
    static ObjectNode errorBody(ErrorType type, String message, String requestId, Map<String, Object> details) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("status_code", type.httpStatus());
        out.put("request_id", requestId);
        out.put("error_type", type.wireName());
        out.put("error_message", message);
        out.put("error_url", "https://stytch.com/docs/api/errors/" + type.httpStatus() + "#" + type.wireName());
        if (details != null && !details.isEmpty()) {
            out.set("error_details", Json.mapper().valueToTree(details));
        }
        return out;
    }

    /** Set once a response body is written, so Javalin's status handlers leave it alone. */
    static final String WRITTEN_ATTRIBUTE = "latchkey.body_written";

    private static final String NO_STORE = "no-store";

    /** A body to serialize, once the response is committed to having one. */
    private interface JsonBody {
        byte[] bytes() throws JsonProcessingException;
    }

    private static void write(Context ctx, int status, JsonBody body, String cacheControl) {
        ctx.attribute(WRITTEN_ATTRIBUTE, Boolean.TRUE);
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .header("Cache-Control", cacheControl)
                    .result(body.bytes());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be serialized", e);
        }
    }
}

package io.latchkey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import io.latchkey.server.project.Project;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reading requests: JSON bodies into records, query and path values, and the authenticated
 * project. Every parse failure becomes a 400 whose message names the field, never Jackson's own
 * text (which can echo input back).
 */
public final class ApiRequests {
    static final String PROJECT_ATTRIBUTE = "latchkey.project";

    private ApiRequests() {}

    /** The project whose credentials authenticated this /v1/ request. */
    public static Project project(Context ctx) {
        Project project = ctx.attribute(PROJECT_ATTRIBUTE);
        if (project == null) {
            throw new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "Unauthorized credentials.");
        }
        return project;
    }

    /**
     * Marks the request as made for {@code project}, named by a credential checked outside this
     * package (the frontend SDK's public token), so the routes read it like any other.
     */
    public static void attachProject(Context ctx, Project project) {
        ctx.attribute(PROJECT_ATTRIBUTE, project);
        RequestIds.assign(ctx, project.environment());
    }

    /**
     * The address the request came from (see {@link ClientAddresses}): the socket's remote
     * address, or the client a trusted proxy names.
     */
    public static String clientAddress(Context ctx) {
        String address = ctx.attribute(ClientAddresses.ATTRIBUTE);
        return address != null ? address : ctx.req().getRemoteAddr();
    }

    /**
     * The body as {@code type}. An empty body (DELETE without one, the Java SDK's GETs) reads as
     * {@code {}}. The body must be UTF-8 (RFC 8259 §8.1), strictly: an overlong form, a surrogate
     * or a code point past U+10FFFF is refused rather than decoded, so no filter in front of the
     * server can see one string while the server reads another. A leading byte order mark is
     * ignored, as the RFC allows.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        String text = strictUtf8(ctx.bodyAsBytes());
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        try {
            if (isBlank(text)) {
                return Json.mapper().readValue("{}", type);
            }
            T value = Json.mapper().readValue(text, type);
            if (value == null) {
                throw new ApiException(ErrorType.INVALID_JSON, "The request body must be a JSON object.");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw typeError(e);
        } catch (JsonMappingException e) {
            // A record's compact constructor threw: its message is ours and safe to show.
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            // The parser refused the text while a record was being built (a duplicate name).
            if (e.getCause() instanceof com.fasterxml.jackson.core.JsonParseException) {
                throw new ApiException(ErrorType.INVALID_JSON, "The request body is not valid JSON.");
            }
            throw new ApiException(ErrorType.BAD_REQUEST, "The request body could not be read.");
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorType.INVALID_JSON, "The request body is not valid JSON.");
        } catch (IOException e) {
            throw new ApiException(ErrorType.BAD_REQUEST, "The request body could not be read.");
        }
    }

    /** A query parameter, or null when absent or empty. */
    public static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A boolean query parameter: {@code true}/{@code false} (any case); absent gives the fallback.
     */
    public static boolean queryBoolean(Context ctx, String name, boolean fallback) {
        String value = query(ctx, name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ApiException(ErrorType.INVALID_FIELD_TYPE, name + " must be true or false.");
    }

    /**
     * An integer query parameter. Lenient about a zero fraction because the Java SDK sends
     * numbers through a JSON map ({@code 100} arrives as {@code "100.0"}).
     */
    public static Integer queryInt(Context ctx, String name) {
        String value = query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorType.INVALID_FIELD_TYPE, name + " must be an integer.");
        }
    }

    private static ApiException typeError(MismatchedInputException e) {
        String field = fieldPath(e.getPath());
        if (field.isEmpty()) {
            return new ApiException(ErrorType.INVALID_JSON, "The request body must be a JSON object.");
        }
        String expected = friendlyType(e.getTargetType());
        String message = e instanceof InvalidFormatException || expected != null
                ? field + " has the wrong type" + (expected == null ? "." : ": expected " + expected + ".")
                : field + " has the wrong type.";
        return new ApiException(ErrorType.INVALID_FIELD_TYPE, message);
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String friendlyType(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    /**
     * True for a raw query string (or none) whose percent escapes are all complete and decode,
     * with the literal bytes around them, to strict UTF-8.
     */
    static boolean isWellFormedQuery(String raw) {
        if (raw == null) {
            return true;
        }
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) != '%') {
                i++;
                continue;
            }
            // A run of escapes is one byte sequence: it must be complete UTF-8 on its own.
            java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
            while (i < raw.length() && raw.charAt(i) == '%') {
                if (i + 2 >= raw.length()) {
                    return false;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                run.write(hi * 16 + lo);
                i += 3;
            }
            try {
                strictDecoder().decode(ByteBuffer.wrap(run.toByteArray()));
            } catch (CharacterCodingException e) {
                return false;
            }
        }
        return true;
    }

    private static java.nio.charset.CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorType.INVALID_JSON, "The request body is not valid UTF-8.");
        }
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}

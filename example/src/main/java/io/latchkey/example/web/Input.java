package io.latchkey.example.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a request, from an HTML form or a JSON body alike, so that a route serves both
 * its form ({@code POST}) and its JSON ({@code PUT}) callers with one piece of code. Values are
 * trimmed; length limits are checked here so that nothing unbounded reaches Latchkey.
 */
public final class Input {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Context ctx;
    private final JsonNode json;

    private Input(Context ctx, JsonNode json) {
        this.ctx = ctx;
        this.json = json;
    }

    public static Input of(Context ctx) {
        if (!isJson(ctx)) {
            return new Input(ctx, null);
        }
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw UserError.badRequest("invalid_json", "The body must be a JSON object.");
            }
            return new Input(ctx, body);
        } catch (JsonProcessingException e) {
            throw UserError.badRequest("invalid_json", "The body is not valid JSON.");
        }
    }

    /** True for a JSON body: that caller gets JSON answers, errors included. */
    public static boolean isJson(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** True when the caller wants JSON back: a JSON body, or an Accept naming JSON but not HTML. */
    public static boolean wantsJson(Context ctx) {
        if (isJson(ctx)) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** A text field, trimmed; null when absent. */
    public String optional(String name, String label, int maxLength) {
        String value;
        if (json != null) {
            JsonNode node = json.get(name);
            value = node == null || node.isNull() ? null : node.isValueNode() ? node.asText() : invalid(label);
        } else {
            value = ctx.formParam(name);
        }
        if (value == null) {
            return null;
        }
        value = value.strip();
        if (value.length() > maxLength) {
            throw UserError.badRequest("field_too_long", label + " can be at most " + maxLength + " characters long.");
        }
        return value;
    }

    /** A text field that must be present and not blank. */
    public String required(String name, String label, int maxLength) {
        String value = optional(name, label, maxLength);
        if (value == null || value.isEmpty()) {
            throw UserError.badRequest("missing_field", label + " is required.");
        }
        return value;
    }

    /** A list: a JSON array of strings, or text separated by commas, spaces or new lines. */
    public List<String> list(String name, String label, int maxItems) {
        List<String> items = new ArrayList<>();
        if (json != null && json.get(name) != null && json.get(name).isArray()) {
            for (JsonNode item : json.get(name)) {
                if (!item.isValueNode()) {
                    invalid(label);
                }
                items.add(item.asText().strip());
            }
        } else {
            String text = optional(name, label, 4000);
            if (text == null) {
                return null;
            }
            for (String part : text.split("[,\\s]+")) {
                items.add(part);
            }
        }
        items.removeIf(String::isEmpty);
        if (items.size() > maxItems) {
            throw UserError.badRequest("too_many_values", label + " takes at most " + maxItems + " values.");
        }
        return items;
    }

    private static String invalid(String label) {
        throw UserError.badRequest("invalid_field", label + " must be text.");
    }
}

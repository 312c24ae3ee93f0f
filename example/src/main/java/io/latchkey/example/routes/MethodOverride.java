package io.latchkey.example.routes;

import io.latchkey.example.web.Input;
import io.latchkey.example.web.UserError;

/**
 * HTML forms can only GET or POST; our forms say which verb they stand for with a hidden
 * {@code _method} field. A POST without one is taken as the verb the route serves; one naming
 * another verb is refused rather than silently treated as an update.
 */
final class MethodOverride {
    static final String FIELD = "_method";

    private MethodOverride() {}

    static void requirePutOrAbsent(Input in) {
        String method = in.optional(FIELD, "_method", 10);
        if (method != null && !method.isEmpty() && !method.equalsIgnoreCase("PUT")) {
            throw UserError.badRequest("unsupported_method", "This form can only update (PUT), not " + method + ".");
        }
    }
}

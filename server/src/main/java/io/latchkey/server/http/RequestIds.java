package io.latchkey.server.http;

import io.javalin.http.Context;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Ids;

/** The per-request id: made before anything else runs, echoed in every body and log line. */
public final class RequestIds {
    static final String ATTRIBUTE = "latchkey.request_id";

    private RequestIds() {}

    static void assign(Context ctx, Environment environment) {
        ctx.attribute(ATTRIBUTE, Ids.newId("request-id", environment));
    }

    /** This request's id; never null once the request has entered the server. */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = Ids.newId("request-id", Environment.TEST);
            ctx.attribute(ATTRIBUTE, id);
        }
        return id;
    }
}

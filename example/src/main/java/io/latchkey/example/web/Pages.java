package io.latchkey.example.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the jte templates of {@code src/main/jte}, compiled to classes at build time (no
 * compiler at run time, and a template that does not type-check fails the build). Output is
 * HTML-escaped by context: text, attribute and URL values alike.
 */
public final class Pages {
    /** Set on a request whose page was rendered, so the 404 fallback does not paint over it. */
    static final String RENDERED = "example.rendered";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code <name>.jte} with its single {@code @param} as the answer. */
    public void render(Context ctx, int status, String name, Object model) {
        StringOutput out = new StringOutput();
        engine.render(name + ".jte", model, out);
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    public void render(Context ctx, String name, Object model) {
        render(ctx, 200, name, model);
    }
}

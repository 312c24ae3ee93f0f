package io.latchkey.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before Javalin sees them — a NUL or a bad escape in the
 * path, a target too long, oversized or malformed headers, a broken Content-Length — in the
 * contract's JSON error shape instead of Jetty's HTML page. Clients (the SDKs above all) then
 * parse every refusal alike. The body never echoes the request or Jetty's reason text.
 *
 * <p>Jetty's own handler writes a body only for GET, POST and HEAD; this one answers every
 * method (HEAD without a body, as HTTP requires). Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            code = http.getCode();
        }
        ErrorType type = typeFor(code);
        byte[] body;
        try {
            body = Json.mapper()
                    .writeValueAsBytes(ApiResponses.errorBody(
                            type, messageFor(type), Ids.newId("request-id", Environment.TEST), null));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return true;
        }
        response.setStatus(type.httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    /**
     * Jetty reports malformed requests with 4xx codes, and a few protocol refusals (an unknown
     * transfer coding, an HTTP version it does not speak) with 501/505: those are the client's
     * doing too, so they are a 400 here. Only a genuine failure inside the server stays a 5xx.
     */
    static ErrorType typeFor(int code) {
        return switch (code) {
            case 404 -> ErrorType.ROUTE_NOT_FOUND;
            case 405 -> ErrorType.METHOD_NOT_ALLOWED;
            case 408 -> ErrorType.REQUEST_TIMEOUT;
            case 413 -> ErrorType.REQUEST_TOO_LARGE;
            case 414 -> ErrorType.REQUEST_URI_TOO_LONG;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorType.REQUEST_HEADERS_TOO_LARGE;
            case 500 -> ErrorType.INTERNAL_SERVER_ERROR;
            case 503 -> ErrorType.SERVICE_UNAVAILABLE;
            default -> ErrorType.BAD_REQUEST;
        };
    }

    private static String messageFor(ErrorType type) {
        return switch (type) {
            case ROUTE_NOT_FOUND -> "No route matches this request.";
            case METHOD_NOT_ALLOWED -> "The method is not allowed on this route.";
            case REQUEST_TOO_LARGE -> "The request body is larger than 1 MiB.";
            case REQUEST_TIMEOUT -> "The request did not arrive in full before the connection's idle timeout.";
            case REQUEST_URI_TOO_LONG -> "The request target is too long.";
            case UNSUPPORTED_MEDIA_TYPE -> "The request's content type is not supported.";
            case REQUEST_HEADERS_TOO_LARGE -> "The request headers are too large.";
            case INTERNAL_SERVER_ERROR -> "An internal error occurred.";
            case SERVICE_UNAVAILABLE -> "The server is not available right now.";
            default ->
                "The request is not valid HTTP: check the path's escapes and characters, the headers"
                        + " and the body's framing.";
        };
    }
}

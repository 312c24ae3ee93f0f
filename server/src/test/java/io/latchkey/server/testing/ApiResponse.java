package io.latchkey.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** What a test got back: status, parsed JSON body (or a text node) and headers. */
public record ApiResponse(int status, JsonNode body, String rawBody, HttpHeaders headers) {

    public String text(String field) {
        return body.path(field).asText();
    }

    public String errorType() {
        return body.path("error_type").asText();
    }

    @Override
    public String toString() {
        return status + " " + rawBody;
    }
}

package io.latchkey.example.web;

import io.latchkey.sdk.LatchkeyApiException;

/**
 * Latchkey answered a session check with something other than "this session is gone" (the app's
 * own credentials refused, a rate limit, a failure): the member may well still be signed in, so
 * this is an error page and the cookies stay.
 */
public final class SessionCheckFailed extends RuntimeException {
    private final LatchkeyApiException answer;

    public SessionCheckFailed(LatchkeyApiException answer) {
        super("session check failed: " + answer.statusCode() + " " + answer.errorType(), answer, false, false);
        this.answer = answer;
    }

    public LatchkeyApiException answer() {
        return answer;
    }
}

package io.latchkey.example.web;

/**
 * The request needs a session and has none that Latchkey accepts: the cookies are cleared and
 * the browser goes back to the login page (JSON clients get a 401).
 */
public final class Unauthenticated extends RuntimeException {
    public Unauthenticated(String reason) {
        // No stack trace: this is an expected outcome, and only the reason goes to the debug log.
        super(reason, null, false, false);
    }
}

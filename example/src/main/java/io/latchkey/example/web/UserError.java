package io.latchkey.example.web;

/**
 * A request the app itself refuses (a missing field, a forged form, a non-admin changing
 * settings). Shown as a friendly page, or as JSON to JSON clients; the message is for people and
 * never carries a token or a secret.
 */
public final class UserError extends RuntimeException {
    private final int status;
    private final String errorType;
    private final String title;

    public UserError(int status, String errorType, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.title = title;
    }

    public static UserError badRequest(String errorType, String message) {
        return new UserError(400, errorType, "Please check the form", message);
    }

    public static UserError forbidden(String errorType, String title, String message) {
        return new UserError(403, errorType, title, message);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public String title() {
        return title;
    }
}

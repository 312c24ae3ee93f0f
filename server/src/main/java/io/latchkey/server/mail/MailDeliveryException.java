package io.latchkey.server.mail;

/**
 * A message was not delivered. Its message is a summary safe to log and store: it never holds a
 * body, because nothing that builds it ever sees one.
 */
public final class MailDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public MailDeliveryException(String summary, boolean permanent) {
        super(summary, null, false, false);
        this.permanent = permanent;
    }

    /** True when retrying cannot help (an address the server rejects for good). */
    public boolean permanent() {
        return permanent;
    }
}

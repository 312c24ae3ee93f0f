package io.latchkey.example.view;

/**
 * "Check your email", after a link was sent.
 *
 * @param email where it went
 * @param organizationName the organization it signs into
 * @param mailboxUrl Latchkey's dev mailbox when the server is local (where start-dev keeps the
 *     mail); null otherwise
 * @param linkKind what the link does, e.g. "sign-in link"
 */
public record CheckEmailView(String email, String organizationName, String mailboxUrl, String linkKind) {
    /** A sign-in link. */
    public CheckEmailView(String email, String organizationName, String mailboxUrl) {
        this(email, organizationName, mailboxUrl, "sign-in link");
    }
}

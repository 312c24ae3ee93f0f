package io.latchkey.server.outbound;

/** Why a call to a tenant's target did not bring an answer; callers turn it into their own error. */
public final class OutboundException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, in the terms a caller answers with. */
    public enum Reason {
        /** The URL is not absolute https (http in dev mode) with a host and no user info. */
        BAD_URL,
        /** The host is, or resolves to, an address this server does not call. */
        REFUSED_TARGET,
        /** The host name does not resolve. */
        UNRESOLVED,
        /** No connection, no answer in time, or the connection failed midway. */
        UNREACHABLE,
        /** The answer is larger than the caller takes. */
        TOO_LARGE
    }

    private final Reason reason;

    OutboundException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

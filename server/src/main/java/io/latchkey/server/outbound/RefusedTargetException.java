package io.latchkey.server.outbound;

import java.io.IOException;

/** A call refused before any connection: its host is, or resolves to, an address not permitted. */
final class RefusedTargetException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedTargetException() {
        super("the target is a loopback, private or otherwise internal address");
    }
}

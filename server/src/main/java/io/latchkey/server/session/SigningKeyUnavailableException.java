package io.latchkey.server.session;

/**
 * A project's private signing key cannot be opened on this node: the master key differs from the
 * one that sealed it, or the stored value was altered. The message names the key and the
 * setting, never key material.
 */
public final class SigningKeyUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SigningKeyUnavailableException(String projectId, String kid) {
        super("The signing key "
                + kid
                + " of project "
                + projectId
                + " cannot be opened with this LATCHKEY_MASTER_KEY: it differs from the master key"
                + " that sealed the key, or the stored key was altered. Session JWTs of this project"
                + " cannot be signed on this node until the master key is restored.");
    }
}

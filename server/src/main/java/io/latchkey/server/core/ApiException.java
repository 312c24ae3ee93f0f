package io.latchkey.server.core;

import java.util.Map;

/**
 * The one exception feature code throws for a refusal the client should see. The web layer
 * renders it in the contract's error shape; its message must never carry a secret, SQL or a
 * stack trace, because it goes to the client verbatim.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorType type;
  private final transient Map<String, Object> details;

  public ApiException(ErrorType type, String message) {
    this(type, message, null);
  }

  public ApiException(ErrorType type, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.type = type;
    this.details = details;
  }

  public ErrorType type() {
    return type;
  }

  /** Optional structured detail rendered as {@code error_details}; may be null. */
  public Map<String, Object> details() {
    return details;
  }
}

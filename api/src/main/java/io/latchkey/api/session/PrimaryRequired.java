package io.latchkey.api.session;

import java.util.List;

/** The primary methods the organization accepts, when the one used does not qualify. */
public record PrimaryRequired(List<String> allowedAuthMethods) {}

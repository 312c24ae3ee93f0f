package io.latchkey.server.store;

/** A row as read together with its write counter, so that a per-node cache can tell it is current. */
public record Versioned<T>(T value, long version) {}

package io.latchkey.server.mail;

import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous deadline passes; never a timing assertion. */
final class Await {
  private static final long TIMEOUT_MILLIS = 30_000;

  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }
}

package io.latchkey.server.sms;

/**
 * SMS in dev mode without a provider: the message already sits in the outbox with its body
 * kept, which the dev mailbox shows (kind {@code sms}), so delivering it needs nothing more.
 * Thread-safe.
 */
public final class DevSmsSender implements SmsSender {
    @Override
    public void send(String messageId, String to, String text) {
        // Nothing to do: see the class comment.
    }
}

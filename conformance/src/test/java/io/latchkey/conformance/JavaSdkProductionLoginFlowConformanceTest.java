package io.latchkey.conformance;

import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;

/**
 * The seed login flow through the official Java SDK against a production-mode server: no dev
 * mailbox, mail goes out over SMTP (a real SMTP server, GreenMail) and is read from there.
 */
class JavaSdkProductionLoginFlowConformanceTest extends JavaSdkLoginFlowTestBase {
    private SmtpServer smtp;

    @Override
    protected TestServer startServer() {
        smtp = SmtpServer.start();
        return TestServer.start(o -> o.withDevMode(false).withSmtp(smtp.settings()));
    }

    @Override
    protected Mailbox mailbox() {
        return smtp;
    }

    @AfterAll
    void stopSmtp() {
        if (smtp != null) {
            smtp.close();
        }
    }
}

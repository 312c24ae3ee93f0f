package io.latchkey.server.magiclink;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Duration;
import java.util.Map;

/** Puts a magic-link email in the outbox, in the transaction that created the link. */
final class MagicLinkMailer {
    private final MailService mail;

    MagicLinkMailer(MailService mail) {
        this.mail = mail;
    }

    void send(
            Tx tx,
            Project project,
            Organization organization,
            String to,
            MagicLinkPurpose purpose,
            String link,
            Duration lifetime) {
        mail.queueEmail(
                tx,
                project.projectId(),
                to,
                purpose.wireName(),
                Map.of(
                        "organization_name",
                        organization.organizationName(),
                        "link",
                        link,
                        "email",
                        to,
                        "expiration_minutes",
                        Long.toString(lifetime.toMinutes())));
    }

    /** A discovery link names no organization, so its template has no organization_name. */
    void sendDiscovery(Tx tx, Project project, String to, String link, Duration lifetime) {
        mail.queueEmail(
                tx,
                project.projectId(),
                to,
                MagicLinkPurpose.DISCOVERY.wireName(),
                Map.of(
                        "link", link,
                        "email", to,
                        "expiration_minutes", Long.toString(lifetime.toMinutes())));
    }
}

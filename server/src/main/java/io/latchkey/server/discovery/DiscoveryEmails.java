package io.latchkey.server.discovery;

import io.latchkey.server.core.Domains;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.Project;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** What discovery derives from an email address alone: a factor id, an organization's name. */
final class DiscoveryEmails {
    private static final int MAX_NAME = 128;

    private DiscoveryEmails() {}

    /**
     * The email_id of a discovery factor ({@code email-<env>-<uuid>}). A discovery login has no
     * member yet, so the id is derived from the project and the address (case-insensitively): the
     * same email always gets the same id, and nothing has to be stored for it.
     */
    static String emailId(Project project, String email) {
        byte[] h = Tokens.sha256(("discovery-email\n" + project.projectId() + "\n" + Emails.key(email))
                .getBytes(StandardCharsets.UTF_8));
        // RFC 9562 layout: version 8 (custom), variant 10.
        h[6] = (byte) ((h[6] & 0x0f) | 0x80);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(h, 0, 16);
        return "email-" + project.environment().marker() + "-" + new UUID(bytes.getLong(), bytes.getLong());
    }

    /**
     * What an organization created by discovery is named after when the caller gives no name or
     * slug: the email's domain, or its local part for a personal address (a public mail provider
     * or an .edu domain), where the domain says nothing about the organization.
     */
    static String organizationSeed(String email) {
        String domain = Emails.domainOf(email);
        String seed = Domains.isTooCommon(domain) || isEducational(domain)
                ? email.substring(0, email.lastIndexOf('@'))
                : domain;
        return seed.length() > MAX_NAME ? seed.substring(0, MAX_NAME) : seed;
    }

    private static boolean isEducational(String domain) {
        return domain.endsWith(".edu") || domain.contains(".edu.");
    }
}

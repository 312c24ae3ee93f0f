package io.latchkey.server.mail;

import static io.latchkey.server.mail.MailTemplates.CODE;
import static io.latchkey.server.mail.MailTemplates.EMAIL;
import static io.latchkey.server.mail.MailTemplates.EXPIRATION_MINUTES;
import static io.latchkey.server.mail.MailTemplates.LINK;
import static io.latchkey.server.mail.MailTemplates.ORGANIZATION_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailTemplatesTest {
    private static final String LINK_VALUE = "https://app.example.com/auth?x=1&token=abc";

    private static Map<String, String> linkVariables(String organization) {
        return Map.of(
                ORGANIZATION_NAME, organization, LINK, LINK_VALUE, EMAIL, "ada@example.com", EXPIRATION_MINUTES, "45");
    }

    @Test
    void everyMagicLinkTemplateCarriesTheLinkAndTheOrganizationName() {
        MailTemplates templates = MailTemplates.builtIn();
        for (String name : new String[] {"login", "signup", "invite"}) {
            MailContent c = templates.render(name, linkVariables("Acme"));
            assertThat(c.subject()).as(name).contains("Acme").doesNotContain("\n");
            assertThat(c.text())
                    .as(name)
                    .contains("Acme")
                    .contains(LINK_VALUE)
                    .contains("45 minutes")
                    .contains("ada@example.com");
            assertThat(c.html()).as(name).contains("Acme").contains(LINK_VALUE.replace("&", "&amp;"));
            assertThat(c.text() + c.html() + c.subject()).as(name).doesNotContain("{{");
        }
    }

    @Test
    void discoveryNeedsNoOrganization() {
        MailContent c = MailTemplates.builtIn()
                .render("discovery", Map.of(LINK, LINK_VALUE, EMAIL, "ada@example.com", EXPIRATION_MINUTES, "60"));
        assertThat(c.subject()).isEqualTo("Your login link");
        assertThat(c.text()).contains(LINK_VALUE);
        assertThat(c.html()).contains(LINK_VALUE.replace("&", "&amp;"));
    }

    @Test
    void emailOtpCarriesTheCodeAndTheOrganizationName() {
        MailContent c = MailTemplates.builtIn()
                .render(
                        "email_otp",
                        Map.of(
                                ORGANIZATION_NAME,
                                "Acme",
                                CODE,
                                "123456",
                                EMAIL,
                                "ada@example.com",
                                EXPIRATION_MINUTES,
                                "10"));
        assertThat(c.subject()).contains("Acme").doesNotContain("123456");
        assertThat(c.text()).contains("123456").contains("Acme");
        assertThat(c.html()).contains("123456").contains("Acme");
    }

    @Test
    void valuesAreEscapedInHtmlOnlyAndNeverExpandedTwice() {
        MailContent c = MailTemplates.builtIn().render("login", linkVariables("<b>Tom & Jerry</b> {{link}}"));
        assertThat(c.html())
                .contains("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; {{link}}")
                .doesNotContain("<b>Tom");
        assertThat(c.text()).contains("<b>Tom & Jerry</b> {{link}}");
        assertThat(c.subject()).isEqualTo("Log in to <b>Tom & Jerry</b> {{link}}");
    }

    @Test
    void lineBreaksInAValueCannotStartANewSubjectLine() {
        MailContent c = MailTemplates.builtIn().render("login", linkVariables("Acme\r\nBcc: victim@example.com"));
        assertThat(c.subject()).isEqualTo("Log in to Acme Bcc: victim@example.com");
    }

    @Test
    void missingUnknownOrNullVariablesAreProgrammingErrors() {
        MailTemplates templates = MailTemplates.builtIn();
        assertThatThrownBy(() -> templates.render("login", Map.of(LINK, LINK_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render("login", Map.of("nope", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render("no_such_template", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MailTemplates.names())
                .containsExactly("discovery", "email_otp", "invite", "login", "reset_password", "signup");
    }

    @Test
    void filesInTheTemplateFolderOverrideTheirPartOnly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("login.subject"), "Welcome back to {{organization_name}}\n");
        Files.writeString(dir.resolve("login.txt"), "Hello {{email}}, go to {{link}} ({{code}})");
        MailContent c = MailTemplates.load(dir).render("login", linkVariables("Acme"));
        assertThat(c.subject()).isEqualTo("Welcome back to Acme");
        // A known placeholder the caller did not supply renders as nothing.
        assertThat(c.text()).isEqualTo("Hello ada@example.com, go to " + LINK_VALUE + " ()");
        assertThat(c.html()).contains("Log in to Acme");
        assertThat(MailTemplates.load(dir)
                        .render("signup", linkVariables("Acme"))
                        .subject())
                .isEqualTo("Finish signing up for Acme");
    }

    @Test
    void anOverrideWithAnUnknownPlaceholderStopsStartUpNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("invite.html"), "<p>{{organisation_name}}</p>");
        assertThatThrownBy(() -> MailTemplates.load(dir))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_TEMPLATE_DIR")
                .hasMessageContaining("invite.html")
                .hasMessageContaining("{{organisation_name}}");
    }

    @Test
    void anEmptyOrMultiLineOverrideStopsStartUp(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("login.subject"), "one\ntwo\n");
        assertThatThrownBy(() -> MailTemplates.load(dir)).hasMessageContaining("login.subject");
        Files.delete(dir.resolve("login.subject"));
        Files.writeString(dir.resolve("login.html"), "  \n");
        assertThatThrownBy(() -> MailTemplates.load(dir)).hasMessageContaining("login.html");
    }

    @Test
    void theServerSendsWithTheOperatorsTemplates(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("login.subject"), "Custom sign-in for {{organization_name}}");
        Files.writeString(
                dir.resolve("login.html"), "<p>Custom {{organization_name}}: <a href=\"{{link}}\">go</a></p>");
        try (TestServer server = TestServer.start(o -> o.withTemplateDir(dir))) {
            String id = Outbox.queueLogin(
                    server.app(), server.projectId(), "custom@example.com", "Acme", "http://localhost:3000/x?token=t");
            JsonNode list = server.client()
                    .as(null, null)
                    .get("/dev/mailbox/messages?to=custom@example.com")
                    .body();
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("id").asText()).isEqualTo(id);
            assertThat(list.get(0).path("subject").asText()).isEqualTo("Custom sign-in for Acme");
            assertThat(list.get(0).path("html").asText())
                    .isEqualTo("<p>Custom Acme: <a href=\"http://localhost:3000/x?token=t\">go</a></p>");
            assertThat(list.get(0).path("text").asText()).contains("Log in to Acme");
        }
    }
}

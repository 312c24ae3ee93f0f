package io.latchkey.server.cli;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/** {@code latchkey import passwords FILE.csv}: each row whole or not at all, and a summary. */
class ImportPasswordsTest {
    @Test
    void goodRowsAreImportedAndBadOnesSkippedWithTheirReason() throws Exception {
        try (TestServer server = TestServer.start()) {
            String orgId = new LoginFlow(server)
                    .organizationAllowing("acme.test")
                    .path("organization_id")
                    .asText();
            String bcrypt = OpenBSDBCrypt.generate("2b", "first secret".toCharArray(), new byte[16], 4);
            String md5 = HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5")
                            .digest("s:second secret".getBytes(StandardCharsets.UTF_8)));
            String csv = "email_address,organization_id,hash_type,hash,options\n"
                    + "ada@acme.test," + orgId + ",bcrypt," + bcrypt + ",\n"
                    + "bob@acme.test," + orgId + ",md_5," + md5 + ",\"{\"\"prepend_salt\"\": \"\"s:\"\"}\"\n"
                    + "eve@acme.test," + orgId + ",rot13,abc,\n"
                    + "mal@acme.test,organization-test-00000000-0000-0000-0000-000000000000,bcrypt," + bcrypt + ",\n";
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            ImportCommand.Summary summary = ImportCommand.run(
                    server.app(),
                    server.project(),
                    ImportCommand.Csv.parse(csv),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(summary.imported()).isEqualTo(2);
            assertThat(summary.skipped()).hasSize(2);
            assertThat(summary.skipped().get(0).get("line")).isEqualTo(4);
            assertThat((String) summary.skipped().get(0).get("reason")).startsWith("invalid_hash_type");
            assertThat((String) summary.skipped().get(1).get("reason")).startsWith("organization_not_found");
            assertThat(summary.asMap().toString()).doesNotContain(bcrypt).doesNotContain(md5);
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("4/4");

            ApiResponse ada = server.client()
                    .post(
                            "/v1/b2b/passwords/authenticate",
                            json(
                                    "organization_id",
                                    orgId,
                                    "email_address",
                                    "ada@acme.test",
                                    "password",
                                    "first secret"));
            assertThat(ada.status()).as(ada.toString()).isEqualTo(200);
            ApiResponse bob = server.client()
                    .post(
                            "/v1/b2b/passwords/authenticate",
                            json(
                                    "organization_id",
                                    orgId,
                                    "email_address",
                                    "bob@acme.test",
                                    "password",
                                    "second secret"));
            assertThat(bob.status()).as(bob.toString()).isEqualTo(200);
        }
    }
}

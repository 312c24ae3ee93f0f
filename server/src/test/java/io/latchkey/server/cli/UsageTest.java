package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A command group run without its subcommand prints its usage under its full name. */
class UsageTest {
    @Test
    void commandGroupsPrintTheirUsageUnderTheirFullName() {
        CommandProcess.Result project = CommandProcess.run(Map.of(), "project");
        assertThat(project.stdout()).startsWith("Usage: latchkey project").contains("create", "list");
        CommandProcess.Result secret = CommandProcess.run(Map.of(), "project", "secret");
        assertThat(secret.stdout()).startsWith("Usage: latchkey project secret");
        CommandProcess.Result keys = CommandProcess.run(Map.of(), "keys");
        assertThat(keys.stdout()).startsWith("Usage: latchkey keys").contains("rotate");
        CommandProcess.Result rbac = CommandProcess.run(Map.of(), "rbac");
        assertThat(rbac.stdout()).startsWith("Usage: latchkey rbac").contains("policy");
        CommandProcess.Result policy = CommandProcess.run(Map.of(), "rbac", "policy");
        assertThat(policy.stdout()).startsWith("Usage: latchkey rbac policy").contains("get", "set");
    }
}

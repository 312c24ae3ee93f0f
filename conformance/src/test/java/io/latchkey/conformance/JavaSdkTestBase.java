package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.ok;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizationsmembers.CreateRequestOptions;
import io.latchkey.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real server (fresh database of this run's dialect) per test class, and the official Java
 * SDK client an application would build for it. Tests share the server, so every name they
 * create comes from {@link Unique}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JavaSdkTestBase {
    protected TestServer server;
    protected StytchB2BClient stytch;

    @BeforeAll
    void startServerAndClient() {
        server = ConformancePolicy.apply(startServer());
        stytch = JavaSdk.client(server.baseUrl(), server.projectId(), server.secret());
    }

    /** Override to start the server with other options (SMTP, templates, ...). */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @AfterAll
    void stopServerAndClient() {
        if (stytch != null) {
            stytch.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** An organization with a unique name and slug and default settings. */
    protected Organization createOrganization() {
        return createOrganization(
                Requests.organizationCreate(Unique.name("Org")).slug(Unique.slug("org")));
    }

    protected Organization createOrganization(Requests.OrganizationCreate request) {
        return ok(stytch.getOrganizations().createCompletable(request.build())).getOrganization();
    }

    /** A member with a unique email. */
    protected Member createMember(String organizationId) {
        return createMember(Requests.memberCreate(organizationId, Unique.email()));
    }

    protected Member createMember(Requests.MemberCreate request) {
        return ok(stytch.getOrganizations().getMembers().createCompletable(request.build(), new CreateRequestOptions()))
                .getMember();
    }
}

package io.latchkey.server.testing;

import io.latchkey.server.member.MemberService;
import io.latchkey.server.member.MemberStore;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.organization.OrganizationStore;
import io.latchkey.server.rbac.PolicyService;
import io.latchkey.server.rbac.RbacStore;
import io.latchkey.server.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * The server's services built a second time over the test's own database, as a node without HTTP
 * would have them: for tests that call a service directly (several services composed in one
 * transaction, deletion listeners, rows the API cannot write). It shares the database and the
 * clock with the server under test, not its memory: none of the listeners the server registers
 * run here (deleting a member through it revokes no sessions), and its caches are its own.
 * Get it from {@link TestServer#services()}, which closes it with the server.
 */
public final class TestServices implements AutoCloseable {
    private final Database db;
    private final OrganizationService organizations;
    private final MemberService members;

    TestServices(TestDatabase database, Clock clock) {
        this.db = Database.open(database.jdbcUrl(), null, null, 2, new SimpleMeterRegistry());
        PolicyService rbacPolicies = new PolicyService(db, new RbacStore(), clock);
        this.organizations = new OrganizationService(db, new OrganizationStore(), clock, rbacPolicies);
        this.members = new MemberService(db, new MemberStore(), organizations, clock, rbacPolicies);
    }

    /** Transactions on the test's database, for composing the services' calls. */
    public Database database() {
        return db;
    }

    public OrganizationService organizations() {
        return organizations;
    }

    public MemberService members() {
        return members;
    }

    @Override
    public void close() {
        db.close();
    }
}

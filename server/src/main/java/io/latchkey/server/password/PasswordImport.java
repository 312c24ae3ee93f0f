package io.latchkey.server.password;

import static io.latchkey.server.password.PasswordRules.requireField;

import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.MigrateResponse;
import io.latchkey.server.core.Emails;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** {@code passwords.migrate} and the command-line import: members given a hash made elsewhere. */
final class PasswordImport {
    private final Database db;
    private final PasswordWriter writer;
    private final OrganizationService organizations;
    private final MemberService members;

    PasswordImport(Database db, PasswordWriter writer, OrganizationService organizations, MemberService members) {
        this.db = db;
        this.writer = writer;
        this.organizations = organizations;
        this.members = members;
    }

    /** {@code POST /v1/b2b/passwords/migrate}: a member (created when new) with an imported hash. */
    MigrateResponse migrate(Project project, MigrateRequest r) {
        requireField(r.organizationId(), "organization_id");
        requireField(r.emailAddress(), "email_address");
        requireField(r.hash(), "hash");
        requireField(r.hashType(), "hash_type");
        String email = Emails.normalize(r.emailAddress());
        StoredHash hash = LegacyHashes.fromMigrate(r);
        CreateMemberRequest fields = new CreateMemberRequest(
                email,
                r.name(),
                r.trustedMetadata(),
                r.untrustedMetadata(),
                null,
                null,
                r.mfaPhoneNumber(),
                null,
                r.roles(),
                r.externalId());
        return db.inTransaction(tx -> migrate(
                tx, project, r.organizationId(), fields, Boolean.TRUE.equals(r.setPhoneNumberVerified()), hash));
    }

    /** Imports one member's hash in the caller's transaction (the command-line import runs one per row). */
    MigrateResponse migrate(
            Tx tx, Project project, String organizationRef, String email, StoredHash hash, List<String> roles) {
        CreateMemberRequest fields =
                new CreateMemberRequest(email, null, null, null, null, null, null, null, roles, null);
        return migrate(tx, project, organizationRef, fields, false, hash);
    }

    /**
     * A new member is created active with a verified email and the import's fields; an existing one
     * keeps its fields and becomes active with its email verified (Stytch's migrate marks the
     * address verified). Either way the imported hash becomes its password.
     */
    private MigrateResponse migrate(
            Tx tx,
            Project project,
            String organizationRef,
            CreateMemberRequest fields,
            boolean phoneVerified,
            StoredHash hash) {
        Organization org = organizations.resolve(tx, project, organizationRef);
        Optional<Member> existing = members.findByEmail(tx, project, org, fields.emailAddress());
        Member member = existing.map(
                        m -> members.activateWithVerifiedEmail(tx, project, org.organizationId(), m.memberId()))
                .orElseGet(() -> members.createImported(tx, project, org.organizationId(), fields, phoneVerified));
        member = writer.setPassword(tx, project, org, member, hash);
        return MigrateResponse.of(member, existing.isEmpty(), org);
    }
}

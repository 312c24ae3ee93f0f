package io.latchkey.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.reliability.Journal.MagicLinkAuthenticate;
import io.latchkey.server.reliability.Journal.MagicLinkSend;
import io.latchkey.server.reliability.Journal.MemberCreate;
import io.latchkey.server.reliability.Journal.MemberVersions;
import io.latchkey.server.reliability.Journal.OrganizationCreate;
import io.latchkey.server.reliability.Journal.Outcome;
import io.latchkey.server.reliability.Journal.SessionRevoke;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a crash run's outcome against its journal, through the API of the restarted server
 * ({@link #checkThroughApi}) and by reading the database directly once it is stopped ({@link
 * #checkDatabase}). A <em>lost</em> write is an acknowledged one that is missing or changed; a
 * <em>half-applied</em> one is state no single committed request can leave behind: a member
 * without its organization, a link without its member or mail, a session without its spent link,
 * mail for a write that never committed, or a write that was refused or never sent yet is there.
 */
final class CrashVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile(" v(\\d+)$");

    private final Journal journal;
    private final String projectId;
    private final List<String> lost = new ArrayList<>();
    private final List<String> halfApplied = new ArrayList<>();
    private final Map<String, Integer> unknownApplied = new HashMap<>();
    private final Map<String, Integer> unknownAbsent = new HashMap<>();
    private long checked;

    CrashVerifier(Journal journal, String projectId) {
        this.journal = journal;
        this.projectId = projectId;
    }

    List<String> lost() {
        return lost;
    }

    List<String> halfApplied() {
        return halfApplied;
    }

    long checked() {
        return checked;
    }

    /** Writes whose answer was lost in a kill, by kind: how many turned out applied. */
    Map<String, Integer> unknownApplied() {
        return unknownApplied;
    }

    Map<String, Integer> unknownAbsent() {
        return unknownAbsent;
    }

    // ------------------------------------------------------------------ through the API

    void checkThroughApi(ApiClient api) {
        Map<String, MemberVersions> versions = new HashMap<>();
        journal.members.forEach(v -> versions.put(v.memberId, v));
        for (OrganizationCreate o : journal.organizations) {
            if (o.outcome() == Outcome.ACKNOWLEDGED) {
                checked++;
                ApiResponse r = api.get("/v1/b2b/organizations/" + o.organizationId());
                if (r.status() != 200
                        || !o.slug()
                                .equals(r.body()
                                        .path("organization")
                                        .path("organization_slug")
                                        .asText())) {
                    lost.add("api: acknowledged organization " + o.slug() + " answers " + r.status());
                }
            }
        }
        for (MemberCreate m : journal.memberCreates) {
            if (m.outcome() == Outcome.ACKNOWLEDGED) {
                checked++;
                ApiResponse r =
                        api.get("/v1/b2b/organizations/" + m.organizationId() + "/member?member_id=" + m.memberId());
                JsonNode member = r.body().path("member");
                if (r.status() != 200
                        || !m.email().equals(member.path("email_address").asText())) {
                    lost.add("api: acknowledged member " + m.email() + " answers " + r.status());
                    continue;
                }
                checkVersion(
                        "api",
                        versions.get(m.memberId()),
                        member.path("name").asText(),
                        member.path("untrusted_metadata").path("version").asInt(-1));
            }
        }
        Map<String, Outcome> revoked = revocations();
        for (MagicLinkAuthenticate a : journal.authenticates) {
            if (a.outcome() != Outcome.ACKNOWLEDGED) {
                continue;
            }
            checked++;
            ApiResponse r =
                    api.post("/v1/b2b/sessions/authenticate", ApiClient.json("session_token", a.sessionToken()));
            Outcome revoke = revoked.get(a.sessionId());
            if (revoke == Outcome.ACKNOWLEDGED) {
                checked++;
                if (r.status() < 400 || r.status() >= 500) {
                    lost.add("api: revoked session " + a.sessionId() + " authenticates: " + r.status());
                }
            } else if (revoke != Outcome.UNKNOWN) {
                if (r.status() != 200
                        || !a.memberId()
                                .equals(r.body()
                                        .path("member")
                                        .path("member_id")
                                        .asText())) {
                    lost.add("api: minted session " + a.sessionId() + " does not authenticate: " + r);
                }
            }
        }
    }

    private Map<String, Outcome> revocations() {
        Map<String, Outcome> out = new HashMap<>();
        for (SessionRevoke r : journal.revokes) {
            out.put(r.sessionId(), r.outcome());
        }
        return out;
    }

    private void checkVersion(String where, MemberVersions expected, String name, int metadataVersion) {
        Matcher m = VERSION.matcher(name);
        int nameVersion = m.find() ? Integer.parseInt(m.group(1)) : -1;
        if (nameVersion == -1 && metadataVersion == -1 && expected == null) {
            return; // a member signed up by magic link: the run never versions it
        }
        if (nameVersion != metadataVersion) {
            halfApplied.add(where + ": member " + (expected == null ? name : expected.email)
                    + " has the name of version " + nameVersion + " and the metadata of " + metadataVersion);
        } else if (expected != null) {
            checked++;
            if (!expected.possible().contains(nameVersion)) {
                lost.add(where + ": member " + expected.email + " is at version " + nameVersion + "; acknowledged "
                        + expected.acknowledged() + ", possible " + expected.possible());
            }
        }
    }

    // ------------------------------------------------------------------ in the database

    private record Org(String id, String slug, boolean hasDomain) {}

    private record Member(
            String id,
            String organizationId,
            String email,
            String status,
            boolean verified,
            String name,
            int metadataVersion) {}

    private record Link(String tokenHash, String organizationId, String memberId, String email, boolean used) {}

    private record Session(String id, String memberId, String organizationId, String tokenHash, boolean revoked) {}

    private record Mail(String id, String recipient, String status) {}

    /**
     * Reads every row of the run's project and checks the invariants and the journal against
     * them, and the mail that reached the SMTP server against the outbox.
     *
     * @param received outbox message id -> times it arrived at the SMTP server
     */
    void checkDatabase(String jdbcUrl, Map<String, Integer> received) throws SQLException {
        Map<String, Org> orgsBySlug = new HashMap<>();
        Map<String, Org> orgs = new HashMap<>();
        Map<String, Member> members = new HashMap<>();
        Map<String, List<Member>> membersByEmail = new HashMap<>();
        List<Link> links = new ArrayList<>();
        Map<String, Link> linksByHash = new HashMap<>();
        Map<String, Session> sessions = new HashMap<>();
        List<Mail> mails = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            Set<String> withDomain = new HashSet<>(strings(
                    c,
                    "SELECT organization_id FROM organization_domains WHERE project_id = ? AND kind = 'allowed'"
                            + " AND domain = '" + CrashLoad.DOMAIN + "'"));
            query(c, "SELECT organization_id, slug FROM organizations WHERE project_id = ?", rs -> {
                Org o = new Org(rs.getString(1), rs.getString(2), withDomain.contains(rs.getString(1)));
                orgs.put(o.id(), o);
                orgsBySlug.put(o.slug(), o);
            });
            query(
                    c,
                    "SELECT member_id, organization_id, email_address, status, email_address_verified,"
                            + " name, untrusted_metadata FROM members WHERE project_id = ?",
                    rs -> {
                        Member m = new Member(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getBoolean(5),
                                rs.getString(6),
                                metadataVersion(rs.getString(7)));
                        members.put(m.id(), m);
                        membersByEmail
                                .computeIfAbsent(m.email(), k -> new ArrayList<>())
                                .add(m);
                    });
            query(
                    c,
                    "SELECT token_hash, organization_id, member_id, email_address, used_at"
                            + " FROM magic_links WHERE project_id = ?",
                    rs -> {
                        Link l = new Link(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5) != null);
                        links.add(l);
                        linksByHash.put(l.tokenHash(), l);
                    });
            query(
                    c,
                    "SELECT session_id, member_id, organization_id, token_hash, revoked_at"
                            + " FROM member_sessions WHERE project_id = ?",
                    rs -> {
                        Session s = new Session(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5) != null);
                        sessions.put(s.id(), s);
                    });
            query(
                    c,
                    "SELECT message_id, recipient, status FROM mail_outbox WHERE project_id = ?",
                    rs -> mails.add(new Mail(rs.getString(1), rs.getString(2), rs.getString(3))));
        }
        checkInvariants(orgs, members, links, sessions, mails, received);
        checkJournal(orgsBySlug, members, membersByEmail, links, linksByHash, sessions, mails);
    }

    private void checkInvariants(
            Map<String, Org> orgs,
            Map<String, Member> members,
            List<Link> links,
            Map<String, Session> sessions,
            List<Mail> mails,
            Map<String, Integer> received) {
        for (Org o : orgs.values()) {
            if (!o.hasDomain()) {
                halfApplied.add("db: organization " + o.slug() + " without its allowed domain");
            }
        }
        Map<String, Integer> usedLinksByMember = new HashMap<>();
        Map<String, Integer> linksByEmail = new HashMap<>();
        for (Link l : links) {
            Member m = members.get(l.memberId());
            if (m == null
                    || !m.organizationId().equals(l.organizationId())
                    || !m.email().equals(l.email())) {
                halfApplied.add("db: magic link for " + l.email() + " without its member");
            }
            linksByEmail.merge(l.email(), 1, Integer::sum);
            if (l.used()) {
                usedLinksByMember.merge(l.memberId(), 1, Integer::sum);
            }
        }
        for (Member m : members.values()) {
            if (!orgs.containsKey(m.organizationId())) {
                halfApplied.add("db: member " + m.email() + " without its organization");
            }
            checkVersion("db", null, m.name(), m.metadataVersion());
        }
        Map<String, Integer> sessionsByMember = new HashMap<>();
        for (Session s : sessions.values()) {
            Member m = members.get(s.memberId());
            if (m == null || !m.organizationId().equals(s.organizationId())) {
                halfApplied.add("db: session " + s.id() + " without its member");
            } else if (!"active".equals(m.status()) || !m.verified()) {
                halfApplied.add("db: session " + s.id() + " of a member not activated (" + m.status() + ")");
            }
            sessionsByMember.merge(s.memberId(), 1, Integer::sum);
        }
        Set<String> membersWithEither = new HashSet<>(sessionsByMember.keySet());
        membersWithEither.addAll(usedLinksByMember.keySet());
        for (String memberId : membersWithEither) {
            int used = usedLinksByMember.getOrDefault(memberId, 0);
            int minted = sessionsByMember.getOrDefault(memberId, 0);
            if (used != minted) {
                halfApplied.add("db: member " + memberId + " spent " + used + " links for " + minted + " sessions");
            }
        }
        Map<String, Integer> mailsByEmail = new HashMap<>();
        Set<String> outboxIds = new HashSet<>();
        for (Mail mail : mails) {
            outboxIds.add(mail.id());
            mailsByEmail.merge(mail.recipient(), 1, Integer::sum);
            checked++;
            if (!"sent".equals(mail.status())) {
                lost.add("db: mail " + mail.id() + " still " + mail.status() + " after the outbox drained");
            } else if (!received.containsKey(mail.id())) {
                lost.add("smtp: mail " + mail.id() + " marked sent but never received");
            }
        }
        Set<String> emails = new HashSet<>(linksByEmail.keySet());
        emails.addAll(mailsByEmail.keySet());
        for (String email : emails) {
            if (!linksByEmail.getOrDefault(email, 0).equals(mailsByEmail.getOrDefault(email, 0))) {
                halfApplied.add("db: " + email + " has " + linksByEmail.getOrDefault(email, 0) + " magic links and "
                        + mailsByEmail.getOrDefault(email, 0) + " queued mails");
            }
        }
        for (String id : received.keySet()) {
            if (!outboxIds.contains(id)) {
                halfApplied.add("smtp: mail " + id + " received with no outbox row (a write that never committed)");
            }
        }
    }

    private void checkJournal(
            Map<String, Org> orgsBySlug,
            Map<String, Member> members,
            Map<String, List<Member>> membersByEmail,
            List<Link> links,
            Map<String, Link> linksByHash,
            Map<String, Session> sessions,
            List<Mail> mails) {
        for (OrganizationCreate o : journal.organizations) {
            Org found = orgsBySlug.get(o.slug());
            switch (o.outcome()) {
                case ACKNOWLEDGED -> {
                    checked++;
                    if (found == null || !found.id().equals(o.organizationId())) {
                        lost.add("db: acknowledged organization " + o.slug() + " missing");
                    }
                }
                case UNKNOWN -> unknown("organizations.create", found != null);
                default -> mustBeAbsent("organization " + o.slug(), o.outcome(), found != null);
            }
        }
        Map<String, MemberVersions> versions = new HashMap<>();
        journal.members.forEach(v -> versions.put(v.memberId, v));
        for (MemberCreate m : journal.memberCreates) {
            List<Member> found = membersByEmail.getOrDefault(m.email(), List.of());
            switch (m.outcome()) {
                case ACKNOWLEDGED -> {
                    checked++;
                    Member member = members.get(m.memberId());
                    if (member == null || !member.email().equals(m.email())) {
                        lost.add("db: acknowledged member " + m.email() + " missing");
                    } else {
                        checkVersion("db", versions.get(m.memberId()), member.name(), member.metadataVersion());
                    }
                }
                case UNKNOWN -> unknown("members.create", !found.isEmpty());
                default -> mustBeAbsent("member " + m.email(), m.outcome(), !found.isEmpty());
            }
        }
        Map<String, Integer> ackedSends = new HashMap<>();
        Map<String, Integer> mailsByEmail = new HashMap<>();
        mails.forEach(mail -> mailsByEmail.merge(mail.recipient(), 1, Integer::sum));
        Map<String, Integer> linksByEmail = new HashMap<>();
        links.forEach(l -> linksByEmail.merge(l.email(), 1, Integer::sum));
        Set<String> signedUp = new HashSet<>();
        for (MagicLinkSend s : journal.sends) {
            // The first send to an address is its sign-up; only an active member gets a second one.
            boolean signUp = signedUp.add(s.email());
            boolean present = membersByEmail.containsKey(s.email())
                    || linksByEmail.containsKey(s.email())
                    || mailsByEmail.containsKey(s.email());
            switch (s.outcome()) {
                case ACKNOWLEDGED -> ackedSends.merge(s.email(), 1, Integer::sum);
                case UNKNOWN -> {
                    if (signUp) {
                        unknown("magic_links.email.login_or_signup", present);
                    }
                }
                default -> {
                    if (signUp) {
                        mustBeAbsent("sign-up of " + s.email(), s.outcome(), present);
                    }
                }
            }
        }
        ackedSends.forEach((email, count) -> {
            checked += count;
            if (linksByEmail.getOrDefault(email, 0) < count || mailsByEmail.getOrDefault(email, 0) < count) {
                lost.add("db: " + count + " acknowledged sends to " + email + " left "
                        + linksByEmail.getOrDefault(email, 0) + " links and " + mailsByEmail.getOrDefault(email, 0)
                        + " mails");
            }
            if (!membersByEmail.containsKey(email)) {
                lost.add("db: acknowledged sign-up of " + email + " left no member");
            }
        });
        for (MagicLinkAuthenticate a : journal.authenticates) {
            switch (a.outcome()) {
                case ACKNOWLEDGED -> {
                    checked++;
                    Session s = sessions.get(a.sessionId());
                    if (s == null
                            || !s.tokenHash().equals(Tokens.hash(a.sessionToken()))
                            || !s.memberId().equals(a.memberId())) {
                        lost.add("db: acknowledged session " + a.sessionId() + " missing");
                    }
                }
                case UNKNOWN -> {
                    Link link = linksByHash.get(a.linkTokenHash());
                    unknown("magic_links.authenticate", link != null && link.used());
                }
                default -> {}
            }
        }
        for (SessionRevoke r : journal.revokes) {
            Session s = sessions.get(r.sessionId());
            boolean revoked = s != null && s.revoked();
            switch (r.outcome()) {
                case ACKNOWLEDGED -> {
                    checked++;
                    if (!revoked) {
                        lost.add("db: acknowledged revocation of " + r.sessionId() + " missing");
                    }
                }
                case UNKNOWN -> unknown("sessions.revoke", revoked);
                default -> mustBeAbsent("revocation of " + r.sessionId(), r.outcome(), revoked);
            }
        }
    }

    private void unknown(String kind, boolean applied) {
        (applied ? unknownApplied : unknownAbsent).merge(kind, 1, Integer::sum);
    }

    private void mustBeAbsent(String what, Outcome outcome, boolean present) {
        checked++;
        if (present) {
            halfApplied.add("db: " + what + " is there although it was " + outcome);
        }
    }

    private static int metadataVersion(String json) {
        try {
            return JSON.readTree(json).path("version").asInt(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        query(c, sql, rs -> out.add(rs.getString(1)));
        return out;
    }
}

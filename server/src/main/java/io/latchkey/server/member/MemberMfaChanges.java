package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.UniqueViolationException;
import java.time.Instant;
import java.util.Objects;

/**
 * What the MFA features record on a member: its phone number and whether it is verified, its
 * TOTP registration and password ids, its MFA settings and lock. Thread-safe.
 */
final class MemberMfaChanges {
    private final MemberParts parts;

    MemberMfaChanges(MemberParts parts) {
        this.parts = parts;
    }

    MemberResponse deleteMfaPhoneNumber(Project project, String organizationRef, String memberRef) {
        return parts.db().inTransaction(tx -> {
            Organization org = parts.organizations().resolve(tx, project, organizationRef);
            MemberState m = parts.records().resolveForUpdate(tx, project, org, memberRef);
            if (m.mfaPhoneNumber != null) {
                m.mfaPhoneNumber = null;
                m.mfaPhoneNumberVerified = false;
                m.updatedAt = parts.now();
                parts.store().update(tx, project.projectId(), m);
            }
            return parts.response(tx, project, m, org);
        });
    }

    Member setMfaPhoneNumber(Tx tx, Project project, String organizationId, String memberId, String phone) {
        String e164 = MemberRules.phoneNumber(phone);
        try {
            return parts.change(tx, project, organizationId, memberId, m -> {
                if (e164.equals(m.mfaPhoneNumber)) {
                    return false;
                }
                if (m.mfaPhoneNumber != null) {
                    throw new ApiException(
                            ErrorType.MEMBER_PHONE_NUMBER_ALREADY_SET,
                            "The member already has another mfa_phone_number; delete it before using a new one.");
                }
                m.mfaPhoneNumber = e164;
                m.mfaPhoneNumberVerified = false;
                parts.records().requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
                return true;
            });
        } catch (UniqueViolationException e) {
            // Only the phone number changed, so it is the value another member took meanwhile.
            throw new ApiException(
                    ErrorType.DUPLICATE_MEMBER_PHONE_NUMBER,
                    "Another member of the organization has this mfa_phone_number.");
        }
    }

    Member markMfaPhoneNumberVerified(Tx tx, Project project, String organizationId, String memberId) {
        return parts.change(tx, project, organizationId, memberId, m -> {
            boolean changed = !m.mfaPhoneNumberVerified;
            m.mfaPhoneNumberVerified = true;
            return changed;
        });
    }

    Member setTotpRegistration(
            Tx tx, Project project, String organizationId, String memberId, String totpRegistrationId) {
        return parts.change(tx, project, organizationId, memberId, m -> {
            boolean changed = !Objects.equals(m.totpRegistrationId, totpRegistrationId);
            m.totpRegistrationId = totpRegistrationId;
            return changed;
        });
    }

    Member setPasswordId(Tx tx, Project project, String organizationId, String memberId, String memberPasswordId) {
        return parts.change(tx, project, organizationId, memberId, m -> {
            boolean changed = !Objects.equals(m.memberPasswordId, memberPasswordId);
            m.memberPasswordId = memberPasswordId;
            return changed;
        });
    }

    Member updateMfaSettings(
            Tx tx,
            Project project,
            String organizationId,
            String memberId,
            Boolean mfaEnrolled,
            String defaultMfaMethod) {
        String method = defaultMfaMethod == null ? null : MemberRules.defaultMfaMethod(defaultMfaMethod);
        return parts.change(tx, project, organizationId, memberId, m -> {
            boolean changed = false;
            if (mfaEnrolled != null && m.mfaEnrolled != mfaEnrolled) {
                m.mfaEnrolled = mfaEnrolled;
                changed = true;
            }
            if (method != null && !method.equals(m.defaultMfaMethod)) {
                m.defaultMfaMethod = method;
                changed = true;
            }
            return changed;
        });
    }

    Member recordLock(Tx tx, Project project, String organizationId, String memberId, Instant lockedAt, Instant until) {
        return parts.change(tx, project, organizationId, memberId, m -> {
            m.lockCreatedAt = lockedAt;
            m.lockExpiresAt = until;
            return true;
        });
    }
}

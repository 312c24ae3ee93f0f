package io.latchkey.server.member;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.RoleIds;
import io.latchkey.server.core.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks and normal forms of member fields (contract phase 1 §1.2, §3). Stateless. */
final class MemberRules {
    static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._|-]{1,128}");
    private static final int MAX_NAME = 255;
    private static final int MAX_ROLES = 100;
    private static final Set<String> MFA_METHODS = Set.of("", "sms_otp", "totp");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private MemberRules() {}

    static String name(String name) {
        if (name.isEmpty()) {
            return name;
        }
        if (!Text.isPrintable(name, MAX_NAME)) {
            throw new ApiException(
                    ErrorType.INVALID_MEMBER_NAME,
                    "name must be at most " + MAX_NAME + " characters without control characters.");
        }
        return name;
    }

    /**
     * {@code name} when it would pass {@link #name}, else "": for a name an identity provider
     * asserted, which the member cannot correct at login, so it must not fail the login.
     */
    static String nameOrNone(String name) {
        return Text.isPrintable(name, MAX_NAME) ? name : "";
    }

    static String externalId(String externalId) {
        if (!EXTERNAL_ID.matcher(externalId).matches() || Ids.looksLike(MemberService.ID_KIND, externalId)) {
            throw new ApiException(
                    ErrorType.INVALID_MEMBER_EXTERNAL_ID,
                    "external_id must be 1-128 characters of letters, digits, '.', '_', '-' and '|'.");
        }
        return externalId;
    }

    /**
     * The number in E.164. Only international notation is accepted: without a leading '+' there
     * is no country to read the number in.
     *
     * @throws ApiException invalid_phone_number
     */
    static String phoneNumber(String raw) {
        ApiException invalid = new ApiException(
                ErrorType.INVALID_PHONE_NUMBER, "mfa_phone_number must be a valid phone number in E.164 format.");
        if (raw.length() > 32 || Text.hasControlCharacters(raw) || !raw.strip().startsWith("+")) {
            throw invalid;
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, null);
            if (!PHONES.isValidNumber(number)) {
                throw invalid;
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw invalid;
        }
    }

    static String defaultMfaMethod(String method) {
        if (!MFA_METHODS.contains(method)) {
            throw new ApiException(ErrorType.INVALID_MFA_DEFAULT_METHOD, "default_mfa_method must be sms_otp or totp.");
        }
        return method;
    }

    /**
     * The explicit roles a members update's non-empty {@code roles} asks for. A list naming only
     * stytch_member asks for none: in an update an empty list means "unchanged" (the Java SDK sends
     * one whenever its caller leaves roles out), and every member holds stytch_member anyway, so
     * naming that role alone is how a caller says "no roles but the default".
     */
    static List<String> replacementRoles(List<String> roles) {
        if (roles.stream().allMatch(RoleIds.MEMBER::equals)) {
            return new ArrayList<>();
        }
        return roles(roles);
    }

    /** Explicit role ids, distinct, in the order given. */
    static List<String> roles(List<String> roles) {
        if (roles.size() > MAX_ROLES) {
            throw new ApiException(
                    ErrorType.INVALID_ROLE, "A member may hold at most " + MAX_ROLES + " explicit roles.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String role : roles) {
            out.add(RoleIds.requireAssignable(role));
        }
        return new ArrayList<>(out);
    }
}

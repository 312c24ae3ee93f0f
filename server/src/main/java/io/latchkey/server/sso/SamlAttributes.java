package io.latchkey.server.sso;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.sso.saml.ResponseCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checked assertion says of the member, read through the connection's
 * {@code attribute_mapping} (Stytch field → IdP attribute name): the email (else the NameID when
 * it is an email address), the name (full_name, or first_name and last_name) and the groups.
 */
record SamlAttributes(String email, String firstName, String lastName, String fullName, List<String> groups) {
    private static final int MAX_GROUPS = 200;

    static SamlAttributes of(SamlConfig config, ResponseCheck.Checked checked) {
        Map<String, Object> mapping = config.attributeMapping() == null ? Map.of() : config.attributeMapping();
        Map<String, List<String>> attrs = checked.attributes();
        String email = first(attrs, mapping, "email");
        if (email.isEmpty() && checked.nameId() != null && checked.nameId().contains("@")) {
            email = checked.nameId();
        }
        String normalized;
        try {
            normalized = Emails.normalize(email);
        } catch (ApiException e) {
            throw new ApiException(
                    ErrorType.SAML_RESPONSE_EMAIL_INVALID,
                    "The assertion carries no valid email address (attribute_mapping.email, or an email NameID).");
        }
        List<String> groups = values(attrs, mapping, "groups");
        if (groups.size() > MAX_GROUPS) {
            groups = groups.subList(0, MAX_GROUPS);
        }
        return new SamlAttributes(
                normalized,
                first(attrs, mapping, "first_name"),
                first(attrs, mapping, "last_name"),
                first(attrs, mapping, "full_name"),
                List.copyOf(groups));
    }

    /** The member's name: full_name, else first and last name joined; "" when the IdP said none. */
    String name() {
        if (!fullName.isEmpty()) {
            return fullName;
        }
        return (firstName + " " + lastName).strip();
    }

    /** As the SSO token and the member's registration keep it. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", email);
        if (!firstName.isEmpty()) {
            m.put("first_name", firstName);
        }
        if (!lastName.isEmpty()) {
            m.put("last_name", lastName);
        }
        if (!name().isEmpty()) {
            m.put("name", name());
        }
        m.put("groups", groups);
        return m;
    }

    private static String first(Map<String, List<String>> attrs, Map<String, Object> mapping, String field) {
        List<String> v = values(attrs, mapping, field);
        return v.isEmpty() ? "" : clean(v.get(0));
    }

    private static List<String> values(Map<String, List<String>> attrs, Map<String, Object> mapping, String field) {
        Object name = mapping.get(field);
        if (!(name instanceof String s) || !attrs.containsKey(s)) {
            return List.of();
        }
        return attrs.get(s).stream()
                .map(SamlAttributes::clean)
                .filter(x -> !x.isEmpty())
                .toList();
    }

    private static String clean(String v) {
        String s = v == null ? "" : v.strip();
        s = s.replaceAll("\\p{Cntrl}", "");
        return s.length() > 256 ? s.substring(0, 256) : s;
    }
}

package io.latchkey.server.sso;

import io.latchkey.api.sso.SAMLConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.SAMLGroupImplicitRoleAssignment;
import io.latchkey.api.sso.X509Certificate;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.project.Project;
import io.latchkey.server.sso.saml.SamlKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a SAML connection's settings, as {@code sso.saml.updateConnection} and
 * {@code updateByURL} receive them: each field checked and put in its stored form, or refused with
 * the error naming it. Stateless.
 */
final class SamlSettings {
    static final int MAX_VERIFICATION_CERTIFICATES = 5;
    static final int MAX_ENCRYPTION_KEYS = 5;
    static final int MAX_ROLE_ASSIGNMENTS = 100;
    private static final int MAX_VALUE = 2048;

    private SamlSettings() {}

    static String entityId(String value) {
        String v = value.strip();
        if (v.length() > MAX_VALUE || SsoService.hasControl(v)) {
            throw new ApiException(
                    ErrorType.INVALID_IDP_ENTITY_ID,
                    "idp_entity_id must be at most " + MAX_VALUE + " characters without control characters.");
        }
        return v;
    }

    static String ssoUrl(String value, boolean allowHttp) {
        return SsoUrls.endpoint(value, "idp_sso_url", allowHttp, ErrorType.INVALID_IDP_SSO_URL);
    }

    /** An audience URI: any absolute URI (IdPs use URNs too), or "" to clear it. */
    static String audience(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return v;
        }
        try {
            if (v.length() > MAX_VALUE || SsoService.hasControl(v) || !new java.net.URI(v).isAbsolute()) {
                throw new java.net.URISyntaxException(v, "not absolute");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT, "alternative_audience_uri must be an absolute URI, or \"\".");
        }
        return v;
    }

    static String acsUrl(String value, boolean allowHttp) {
        return SsoUrls.endpoint(value, "alternative_acs_url", allowHttp, ErrorType.INVALID_ARGUMENT);
    }

    static String nameidFormat(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return SamlConfig.EMAIL_NAMEID;
        }
        if (v.length() > 256 || !v.matches("urn:oasis:names:tc:SAML:[12]\\.[01]:nameid-format:[A-Za-z]+")) {
            throw new ApiException(
                    ErrorType.INVALID_NAMEID_FORMAT,
                    "nameid_format must be a SAML NameID format URN, such as " + SamlConfig.EMAIL_NAMEID + ".");
        }
        return v;
    }

    /** The attribute mapping: string values only, under 16 KiB. */
    static Map<String, Object> mapping(Map<String, Object> value) {
        Map<String, Object> m = SsoService.mapping(value);
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?>) {
                throw new ApiException(
                        ErrorType.SAML_ATTRIBUTE_MAPPING_NESTED,
                        "attribute_mapping is flat: each Stytch field maps to the name of one IdP attribute,"
                                + " never to an object.");
            }
            if (!(e.getValue() instanceof String s) || s.isBlank() || s.length() > 256) {
                throw new ApiException(
                        ErrorType.INVALID_ATTRIBUTE_MAPPING,
                        "attribute_mapping maps each Stytch field (email, first_name, last_name, full_name, groups)"
                                + " to the name of one IdP attribute.");
            }
        }
        return m;
    }

    /** The certificate added to the verification certificates (an identical one is not added twice). */
    static List<X509Certificate> withCertificate(
            List<X509Certificate> current, String pem, Project project, Instant now) {
        java.security.cert.X509Certificate parsed;
        try {
            parsed = SamlKeys.parseCertificate(pem);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ErrorType.INVALID_X509_CERTIFICATE, "x509_certificate is not a PEM X.509 certificate.");
        }
        String normalized = SamlKeys.pem(parsed);
        if (current.stream().anyMatch(c -> c.certificate().equals(normalized))) {
            return current;
        }
        if (current.size() >= MAX_VERIFICATION_CERTIFICATES) {
            throw new ApiException(
                    ErrorType.TOO_MANY_VERIFICATION_CERTIFICATES,
                    "A connection holds at most " + MAX_VERIFICATION_CERTIFICATES
                            + " verification certificates: delete one first.");
        }
        List<X509Certificate> next = new ArrayList<>(current);
        String at = Timestamps.format(now);
        next.add(new X509Certificate(
                Ids.newId("saml-verification-key", project.environment()),
                normalized,
                parsed.getIssuerX500Principal().getName(),
                at,
                Timestamps.format(parsed.getNotAfter().toInstant()),
                at));
        return List.copyOf(next);
    }

    static List<SAMLConnectionImplicitRoleAssignment> connectionRoles(List<SAMLConnectionImplicitRoleAssignment> v) {
        if (v.size() > MAX_ROLE_ASSIGNMENTS) {
            throw tooManyRoles();
        }
        Set<String> seen = new HashSet<>();
        List<SAMLConnectionImplicitRoleAssignment> out = new ArrayList<>();
        for (SAMLConnectionImplicitRoleAssignment a : v) {
            if (a == null || a.roleId() == null || a.roleId().isBlank()) {
                throw new ApiException(
                        ErrorType.INVALID_ROLE_ASSIGNMENTS,
                        "Each saml_connection_implicit_role_assignments entry needs a role_id.");
            }
            if (seen.add(a.roleId())) {
                out.add(new SAMLConnectionImplicitRoleAssignment(a.roleId()));
            }
        }
        return List.copyOf(out);
    }

    static List<SAMLGroupImplicitRoleAssignment> groupRoles(List<SAMLGroupImplicitRoleAssignment> v) {
        if (v.size() > MAX_ROLE_ASSIGNMENTS) {
            throw tooManyRoles();
        }
        Set<String> seen = new HashSet<>();
        List<SAMLGroupImplicitRoleAssignment> out = new ArrayList<>();
        for (SAMLGroupImplicitRoleAssignment a : v) {
            if (a == null
                    || a.roleId() == null
                    || a.roleId().isBlank()
                    || a.group() == null
                    || a.group().isBlank()
                    || a.group().length() > 256) {
                throw new ApiException(
                        ErrorType.INVALID_ROLE_ASSIGNMENTS,
                        "Each saml_group_implicit_role_assignments entry needs a role_id and a group.");
            }
            if (seen.add(a.roleId() + "\u0000" + a.group())) {
                out.add(new SAMLGroupImplicitRoleAssignment(a.roleId(), a.group()));
            }
        }
        return List.copyOf(out);
    }

    private static ApiException tooManyRoles() {
        return new ApiException(
                ErrorType.INVALID_ROLE_ASSIGNMENTS,
                "A connection holds at most " + MAX_ROLE_ASSIGNMENTS + " role assignments of each kind.");
    }
}

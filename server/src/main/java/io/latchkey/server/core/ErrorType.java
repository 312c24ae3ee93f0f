package io.latchkey.server.core;

/**
 * Every error this server can answer with: the contract's {@code error_type} string and its
 * HTTP status. The names come from the Stytch B2B error list (see the api contract's README);
 * add a constant here rather than inventing a string at the throw site.
 */
public enum ErrorType {
    // Generic request problems
    BAD_REQUEST("bad_request", 400),
    INVALID_JSON("invalid_json", 400),
    INVALID_FIELD_TYPE("invalid_field_type", 400),
    MISSING_REQUIRED_FIELD("missing_required_field", 400),
    INVALID_ARGUMENT("invalid_argument", 400),
    UNAUTHORIZED_CREDENTIALS("unauthorized_credentials", 401),
    ROUTE_NOT_FOUND("route_not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    REQUEST_TOO_LARGE("request_too_large", 413),
    // Refused by the HTTP layer before a route is chosen; the contract names none of these.
    REQUEST_URI_TOO_LONG("request_uri_too_long", 414),
    REQUEST_HEADERS_TOO_LARGE("request_headers_too_large", 431),
    REQUEST_TIMEOUT("request_timeout", 408),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    TOO_MANY_REQUESTS("too_many_requests", 429),
    INTERNAL_SERVER_ERROR("internal_server_error", 500),
    SERVICE_UNAVAILABLE("service_unavailable", 503),

    // Organizations
    ORGANIZATION_NOT_FOUND("organization_not_found", 404),
    INVALID_ORGANIZATION_ID("invalid_organization_id", 400),
    ORGANIZATION_SLUG_ALREADY_USED("organization_slug_already_used", 400),
    ORGANIZATION_EXTERNAL_ID_ALREADY_USED("organization_external_id_already_used", 400),
    INVALID_ORGANIZATION_SLUG("invalid_organization_slug", 400),
    INVALID_ORGANIZATION_NAME("invalid_organization_name", 400),
    ORGANIZATION_NAME_MISSING("organization_name_missing", 400),
    INVALID_ORGANIZATION_EXTERNAL_ID("invalid_organization_external_id", 400),
    INVALID_ORGANIZATION_LOGO_URL("invalid_organization_logo_url", 400),
    ORGANIZATION_SETTINGS_INVALID_DOMAIN("organization_settings_invalid_domain", 400),
    ORGANIZATION_SETTINGS_DOMAIN_TOO_COMMON("organization_settings_domain_too_common", 400),
    ORGANIZATION_SETTINGS_DUPLICATE_DOMAIN("organization_settings_duplicate_domain", 400),
    ALLOWED_AUTH_METHODS_REQUIRED_FOR_RESTRICTED("allowed_auth_methods_required_for_restricted", 400),
    ALLOWED_MFA_METHODS_REQUIRED_FOR_RESTRICTED("allowed_mfa_methods_required_for_restricted", 400),
    INVALID_ORGANIZATION_ALLOWED_AUTH_METHODS("invalid_organization_allowed_auth_methods", 400),
    INVALID_ORGANIZATION_ALLOWED_MFA_METHODS("invalid_organization_allowed_mfa_methods", 400),
    INVALID_ORGANIZATION_MFA_POLICY("invalid_organization_mfa_policy", 400),
    INVALID_RESTRICTED_EMAIL_SETTING("invalid_restricted_email_setting", 400),
    INVALID_ORGANIZATION_SETTING("invalid_organization_setting", 400),
    ORGANIZATION_SEARCH_FILTER_NAME_NOT_RECOGNIZED("organization_search_filter_name_not_recognized", 400),
    ORGANIZATION_SEARCH_MISSING_FILTER_VALUE("organization_search_missing_filter_value", 400),
    ORGANIZATION_SEARCH_INVALID_FILTER_VALUE("organization_search_invalid_filter_value", 400),
    ORGANIZATION_SEARCH_FUZZY_TOO_SHORT("organization_search_fuzzy_filter_too_short", 400),
    INVALID_SEARCH_OPERATOR("invalid_search_operator", 400),
    INVALID_CURSOR("invalid_cursor", 400),
    INVALID_LIMIT("invalid_limit", 400),

    // Members
    MEMBER_NOT_FOUND("member_not_found", 404),
    INVALID_EMAIL("invalid_email", 400),
    DUPLICATE_MEMBER_EMAIL("duplicate_member_email", 400),
    DUPLICATE_MEMBER_EXTERNAL_ID("duplicate_member_external_id", 400),
    DUPLICATE_MEMBER_PHONE_NUMBER("duplicate_member_phone_number", 400),
    INVALID_MEMBER_EXTERNAL_ID("invalid_member_external_id", 400),
    INVALID_MEMBER_NAME("invalid_member_name", 400),
    INVALID_PHONE_NUMBER("invalid_phone_number", 400),
    MEMBER_PHONE_NUMBER_ALREADY_SET("member_phone_number_already_set", 400),
    INVALID_MFA_DEFAULT_METHOD("invalid_mfa_default_method", 400),
    INVALID_ROLE("invalid_role", 400),
    CANNOT_ASSIGN_DEFAULT_RBAC_ROLE_ID("cannot_assign_default_rbac_role_id", 400),
    METADATA_TOO_LARGE("metadata_too_large", 400),
    METADATA_TOO_MANY_KEYS("metadata_too_many_keys", 400),
    METADATA_INVALID_FORMAT("metadata_invalid_format", 400),
    RETIRED_MEMBER_EMAIL("retired_member_email", 400),
    RETIRED_EMAIL_NOT_FOUND("retired_email_not_found", 404),
    NO_DELETED_MEMBER_FOUND_FOR_REACTIVATION("no_deleted_member_found_for_reactivation", 404),
    EMAIL_UNVERIFIED_FOR_REACTIVATION("email_unverified_for_reactivation", 400),
    REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER("reactivation_email_belongs_to_another_member", 400),
    MEMBER_SEARCH_ORGANIZATION_IDS_EMPTY("member_search_organization_ids_empty", 400),
    MEMBER_SEARCH_FILTER_NAME_NOT_RECOGNIZED("member_search_filter_name_not_recognized", 400),
    MEMBER_SEARCH_MISSING_FILTER_VALUE("member_search_missing_filter_value", 400),
    MEMBER_SEARCH_INVALID_FILTER_VALUE("member_search_invalid_filter_value", 400),
    MEMBER_SEARCH_FUZZY_TOO_SHORT("member_search_fuzzy_filter_too_short", 400),
    SEARCH_INVALID_STATUS_FILTER("search_invalid_status_filter", 400),
    USER_ALREADY_INVITED("user_already_invited", 400),

    // Magic links
    MAGIC_LINK_NOT_FOUND("magic_link_not_found", 404),
    UNABLE_TO_AUTH_MAGIC_LINK("unable_to_auth_magic_link", 401),
    EMAIL_JIT_PROVISIONING_NOT_ALLOWED("email_jit_provisioning_not_allowed", 403),
    INVALID_EMAIL_FOR_JIT_PROVISIONING("invalid_email_for_jit_provisioning", 403),
    INVALID_EMAIL_FOR_INVITES("invalid_email_for_invites", 403),
    NO_LOGIN_REDIRECT_URLS_SET("no_login_redirect_urls_set", 400),
    NO_DEFAULT_LOGIN_REDIRECT_URL_SET("no_default_login_redirect_url_set", 400),
    NO_DEFAULT_SIGNUP_REDIRECT_URL_SET("no_default_signup_redirect_url_set", 400),
    NO_DEFAULT_INVITE_REDIRECT_URL_SET("no_default_invite_redirect_url_set", 400),
    NO_DEFAULT_DISCOVERY_REDIRECT_URL_SET("no_default_discovery_redirect_url_set", 400),
    NO_SIGNUP_REDIRECT_URLS_SET("no_signup_redirect_urls_set", 400),
    NO_INVITE_REDIRECT_URLS_SET("no_invite_redirect_urls_set", 400),
    NO_DISCOVERY_REDIRECT_URLS_SET("no_discovery_redirect_urls_set", 400),
    INVALID_LOGIN_REDIRECT_URL("invalid_login_redirect_url", 400),
    INVALID_SIGNUP_REDIRECT_URL("invalid_signup_redirect_url", 400),
    INVALID_INVITE_REDIRECT_URL("invalid_invite_redirect_url", 400),
    INVALID_DISCOVERY_REDIRECT_URL("invalid_discovery_redirect_url", 400),
    INVALID_EXPIRATION_MINUTES("invalid_expiration_minutes", 400),
    PKCE_MISMATCH("pkce_mismatch", 400),
    PKCE_EXPECTED_CODE_VERIFIER("pkce_expected_code_verifier", 400),
    PKCE_DID_NOT_EXPECT_CODE_VERIFIER("pkce_did_not_expect_code_verifier", 400),
    INVALID_PKCE_CODE_CHALLENGE("invalid_pkce_code_challenge", 400),
    AUTH_METHOD_NOT_ALLOWED("unauthorized_auth_method", 403),

    // Sessions and session JWTs
    SESSION_NOT_FOUND("session_not_found", 404),
    NO_SESSION_ARGUMENTS("no_session_arguments", 400),
    TOO_MANY_SESSION_ARGUMENTS("too_many_session_arguments", 400),
    NO_SESSION_REVOKE_ARGUMENTS("no_session_revoke_arguments", 400),
    TOO_MANY_SESSION_REVOKE_ARGUMENTS("too_many_session_revoke_arguments", 400),
    INVALID_SESSION_DURATION_MINUTES("invalid_session_duration_minutes", 400),
    CUSTOM_CLAIMS_TOO_LARGE("custom_claims_too_large", 400),
    RESERVED_CLAIMS_IN_CUSTOM_CLAIMS("reserved_claims_in_custom_claims", 400),
    STYTCH_CLAIMS_IN_CUSTOM_CLAIMS("stytch_claims_in_custom_claims", 400),
    UNABLE_TO_REPRESENT_CUSTOM_CLAIMS_JSON("unable_to_represent_custom_claims_json", 400),
    SESSION_AUTHORIZATION_ERROR("session_authorization_error", 403),
    /**
     * The frontend SDK called from an origin the project has not authorized: Stytch's name and
     * status for a page outside the SDK's authorized domains.
     */
    BAD_DOMAIN_FOR_STYTCH_SDK("bad_domain_for_stytch_sdk", 400),
    /** A frontend SDK call the project has not switched on: Stytch's name and status for it. */
    ENDPOINT_NOT_AUTHORIZED_FOR_SDK("endpoint_not_authorized_for_sdk", 401),
    SESSION_AUTHORIZATION_TENANCY_ERROR("session_authorization_tenancy_error", 403),
    INTERMEDIATE_SESSION_NOT_FOUND("intermediate_session_not_found", 404),
    INVALID_INTERMEDIATE_SESSION_TOKEN_FOR_ORGANIZATION("invalid_intermediate_session_token_for_organization", 400),
    NO_MATCHING_MEMBER_FOR_EXCHANGE("member_not_found_for_session_exchange", 404),
    // Second factors: OTP (SMS, email), TOTP, recovery codes, attempt limits
    OTP_CODE_NOT_FOUND("otp_code_not_found", 404),
    UNABLE_TO_AUTH_OTP_CODE("unable_to_auth_otp_code", 401),
    MEMBER_PHONE_NUMBER_NOT_FOUND("member_phone_number_not_found", 404),
    ACTIVE_TOTP_EXISTS("active_totp_exists", 400),
    TOTP_NOT_FOUND("totp_not_found", 404),
    INVALID_TOTP_CODE("invalid_totp_code", 400),
    UNABLE_TO_AUTHENTICATE_TOTP("unable_to_authenticate_totp", 401),
    TOTP_CODE_ALREADY_AUTHENTICATED("totp_code_already_authenticated", 400),
    INVALID_TOTP_SECRET("invalid_totp_secret", 400),
    INVALID_RECOVERY_CODE("invalid_recovery_code", 400),
    UNABLE_TO_AUTHENTICATE_RECOVERY_CODE("unable_to_authenticate_recovery_code", 401),
    NO_ACTIVE_RECOVERY_CODE_BACKED_FACTOR("no_active_recovery_code_backed_factor", 404),
    MFA_METHOD_RESTRICTED("operation_restricted_by_organization_mfa_methods", 403),
    INVALID_MFA_ENROLLMENT("invalid_mfa_enrollment", 400),
    INSUFFICIENT_FACTORS("insufficient_factors", 400),
    PRIMARY_AUTHENTICATION_REQUIRED("action_available_only_once_primary_authentication_is_met", 400),
    MEMBER_LOCKED("member_locked", 429),

    // Passwords
    WEAK_PASSWORD("weak_password", 400),
    RESET_PASSWORD("reset_password", 400),
    MEMBER_PASSWORD_NOT_FOUND("member_password_not_found", 404),
    PASSWORD_TOO_LONG("password_too_long", 400),
    NO_PASSWORD_RESET_REDIRECT_URLS_SET("no_reset_password_redirect_urls_set", 400),
    INVALID_PASSWORD_RESET_REDIRECT_URL("invalid_reset_password_redirect_url", 400),
    INVALID_HASH_TYPE("invalid_hash_type", 400),
    INVALID_HASH("invalid_hash", 400),
    // What passwords.migrate refuses, per hash type (Stytch's migrate error list).
    INVALID_BCRYPT_HASH("invalid_bcrypt_hash", 400),
    INVALID_BCRYPT_COST("invalid_bcrypt_cost", 400),
    INVALID_MD_5_HASH("invalid_md_5_hash", 400),
    INVALID_SHA_1_HASH("invalid_sha_1_hash", 400),
    INVALID_ARGON_2_SALT("invalid_argon_2_salt", 400),
    ARGON_2_KEY_LENGTH_MISMATCH("argon_2_key_length_mismatch", 400),
    INVALID_BASE64_SCRYPT_HASH("invalid_base64_scrypt_hash", 400),
    INVALID_SCRYPT_SALT_LENGTH("invalid_scrypt_salt_length", 400),
    SCRYPT_KEY_LENGTH_MISMATCH("scrypt_key_length_mismatch", 400),
    INVALID_PBKDF_2_HASH("invalid_pbkdf_2_hash", 400),
    INVALID_PBKDF_2_SALT("invalid_pbkdf_2_salt", 400),
    INVALID_PBKDF_2_ITERATION_AMOUNT("invalid_pbkdf_2_iteration_amount", 400),
    PBKDF_2_KEY_LENGTH_MISMATCH("pbkdf_2_key_length_mismatch", 400),
    INVALID_PHPASS_HASH_PREFIX("invalid_phpass_hash_prefix", 400),

    // Projects
    PROJECT_NOT_FOUND("project_not_found", 404),

    // SSO connections and logins
    SSO_CONNECTION_NOT_FOUND("sso_connection_not_found", 404),
    CANNOT_DELETE_DEFAULT_SSO_CONNECTION("cannot_delete_default_sso_connection", 400),
    INVALID_DISPLAY_NAME("invalid_display_name", 400),
    INVALID_CLIENT_ID("invalid_client_id", 400),
    INVALID_CLIENT_SECRET("invalid_client_secret", 400),
    INVALID_ISSUER("invalid_issuer", 400),
    INVALID_AUTHORIZATION_URL("invalid_authorization_url", 400),
    INVALID_TOKEN_URL("invalid_token_url", 400),
    INVALID_USERINFO_URL("invalid_userinfo_url", 400),
    INVALID_JWKS_URL("invalid_jwks_url", 400),
    SSO_CONNECTION_NOT_ACTIVE("sso_connection_not_active", 400),
    SSO_TOKEN_NOT_FOUND("sso_token_not_found", 404),
    INVALID_CONNECTION_FOR_JIT_PROVISIONING("invalid_connection_for_jit_provisioning", 400),
    ID_TOKEN_INVALID("id_token_invalid", 400),
    ID_TOKEN_EXPIRED("id_token_expired", 400),
    ID_TOKEN_INCORRECT_AUDIENCE("id_token_incorrect_audience", 400),
    ID_TOKEN_NONCE_INVALID("id_token_nonce_invalid", 400),
    EXPIRED_OIDC_RESPONSE("expired_oidc_response", 400),
    OIDC_RESPONSE_INVALID("invalid_oidc_response", 400),
    INVALID_IDP_ENTITY_ID("invalid_idp_entity_id", 400),
    INVALID_IDP_SSO_URL("invalid_idp_sso_url", 400),
    SAML_IDP_SSO_URL_NOT_HTTPS("saml_connection_idp_sso_url_not_https", 400),
    INVALID_X509_CERTIFICATE("invalid_x509_certificate", 400),
    INVALID_PRIVATE_KEY("invalid_private_key", 400),
    INVALID_ATTRIBUTE_MAPPING("invalid_attribute_mapping", 400),
    INVALID_NAMEID_FORMAT("invalid_nameid_format", 400),
    INVALID_ROLE_ASSIGNMENTS("invalid_role_assignments", 400),
    // SAML connections and responses. Stytch's own names where Stytch has one for the condition
    // (its HTTP status inferred where its reference does not show it); the rest are Latchkey's,
    // listed in docs/SECURITY.md.
    SAML_SIGNING_PRIVATE_KEY_INVALID("saml_signing_private_key_invalid", 400),
    SAML_ATTRIBUTE_MAPPING_NESTED("saml_connection_no_nested_keys_in_attribute_mapping", 400),
    TOO_MANY_VERIFICATION_CERTIFICATES("too_many_sso_verification_certificates", 400),
    TOO_MANY_ENCRYPTION_PRIVATE_KEYS("too_many_encryption_private_keys", 400),
    VERIFICATION_CERTIFICATE_NOT_FOUND("sso_verification_key_not_found", 404),
    ENCRYPTION_PRIVATE_KEY_NOT_FOUND("encryption_private_key_not_found", 404),
    CANNOT_DELETE_LAST_VERIFICATION_CERTIFICATE("cannot_delete_last_sso_verification_key", 400),
    INVALID_METADATA_URL("invalid_saml_metadata_url", 400),
    IDP_METADATA_UNAVAILABLE("idp_metadata_unavailable", 400),
    INVALID_IDP_METADATA("saml_connection_metadata_invalid_format", 400),
    INVALID_XML_FROM_SAML_METADATA_URL("invalid_xml_from_saml_metadata_url", 400),
    SAML_RESPONSE_MISSING("missing_saml_response", 400),
    SAML_RESPONSE_INVALID_XML("invalid_xml_saml_response", 400),
    SAML_RESPONSE_INVALID("invalid_saml_response", 400),
    SAML_RESPONSE_FAILED("failed_saml_response", 400),
    SAML_SIGNATURE_MISSING("missing_signature_saml_response", 400),
    SAML_SIGNATURE_INVALID("invalid_signature_saml_response", 400),
    SAML_AUDIENCE_INVALID("invalid_audience_saml_response", 400),
    SAML_DESTINATION_INVALID("invalid_saml_destination", 400),
    SAML_RESPONSE_EXPIRED("expired_saml_response", 400),
    SAML_RESPONSE_NOT_YET_VALID("not_yet_valid_saml_response", 400),
    SAML_RESPONSE_UNSOLICITED("unsolicited_saml_response", 400),
    SAML_RESPONSE_DUPLICATE("duplicate_saml_response", 400),
    SAML_RESPONSE_EMAIL_INVALID("invalid_saml_response_email", 400),

    UNABLE_TO_PARSE_SESSION_JWT("unable_to_parse_session_jwt", 400),
    JWT_INVALID_AUDIENCE("jwt_invalid_audience", 401),
    JWT_INVALID_ISSUER("jwt_invalid_issuer", 401),
    JWT_INVALID_CLAIMS("jwt_invalid_claims", 401),

    // Environments
    TEST_ID_USED_IN_LIVE_ENVIRONMENT("test_id_used_in_live_environment", 400),
    LIVE_ID_USED_IN_TEST_ENVIRONMENT("live_id_used_in_test_environment", 400);

    private final String wireName;
    private final int httpStatus;

    ErrorType(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The {@code error_type} string clients see. */
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

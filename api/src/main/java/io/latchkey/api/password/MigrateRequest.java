package io.latchkey.api.password;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/b2b/passwords/migrate}: a member with an existing hash from another system. */
public record MigrateRequest(
        String emailAddress,
        String hash,
        String hashType,
        String organizationId,
        @JsonProperty("md_5_config") HashConfigs.Salted md5Config,
        @JsonProperty("argon_2_config") HashConfigs.Argon2 argon2Config,
        @JsonProperty("sha_1_config") HashConfigs.Salted sha1Config,
        @JsonProperty("sha_512_config") HashConfigs.Salted sha512Config,
        HashConfigs.Scrypt scryptConfig,
        @JsonProperty("pbkdf_2_config") HashConfigs.Pbkdf2 pbkdf2Config,
        String name,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        List<String> roles,
        Boolean preserveExistingSessions,
        String mfaPhoneNumber,
        Boolean setPhoneNumberVerified,
        String externalId) {
    /** The imported hash is as good as the password against a weak algorithm: never printed. */
    @Override
    public String toString() {
        return "MigrateRequest[emailAddress=" + emailAddress + ", hashType=" + hashType + ", organizationId="
                + organizationId + ", hash=" + io.latchkey.api.Redacted.MASK + "]";
    }
}

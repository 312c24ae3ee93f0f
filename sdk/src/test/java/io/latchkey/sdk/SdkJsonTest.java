package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.sdk.request.Requests;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the SDK writes requests and reads answers. */
class SdkJsonTest {

    @Test
    void requestsAreSnakeCaseWithoutNullFieldsButKeepNullMetadataValues() throws Exception {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("gone", null);
        UpdateMemberRequest request = Requests.updateMember()
                .name("Ada")
                .untrustedMetadata(metadata)
                .isBreakglass(true)
                .build();

        JsonNode json = SdkJson.mapper().readTree(SdkJson.mapper().writeValueAsString(request));

        assertThat(json.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("name", "untrusted_metadata", "is_breakglass");
        assertThat(json.get("untrusted_metadata").has("gone")).isTrue();
        assertThat(json.get("untrusted_metadata").get("gone").isNull()).isTrue();
    }

    @Test
    void answersWithUnknownAndMissingFieldsAreReadLeniently() throws Exception {
        String json = "{\"request_id\":\"r\",\"status_code\":200,\"member_id\":\"m\",\"brand_new\":{\"x\":1},"
                + "\"member\":{\"member_id\":\"m\",\"is_breakglass\":true,\"is_admin\":true,\"future\":[1]}}";

        MemberResponse response = SdkJson.mapper().readValue(json, MemberResponse.class);

        assertThat(response.requestId()).isEqualTo("r");
        Member member = response.member();
        assertThat(member.isBreakglass()).isTrue();
        assertThat(member.isAdmin()).isTrue();
        assertThat(member.isLocked()).isFalse();
        assertThat(member.roles()).isNull();
    }
}

package io.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.api.search.SearchOperand;
import io.latchkey.api.search.SearchQuery;
import io.latchkey.server.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api records map to the contract's snake_case names both ways with the server's mapper. */
class WireRecordsTest {

    @Test
    void booleanMemberFieldsKeepTheirIsPrefixOnTheWire() throws Exception {
        Member member = new Member(
                "organization-test-1",
                "member-test-1",
                "a@example.com",
                "active",
                "",
                List.of(),
                true,
                "",
                List.of(),
                true,
                false,
                true,
                "",
                List.of(),
                false,
                true,
                "",
                "",
                List.of(),
                Map.of(),
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null);
        JsonNode node = Json.mapper().valueToTree(member);
        assertThat(node.has("is_breakglass")).isTrue();
        assertThat(node.has("is_admin")).isTrue();
        assertThat(node.has("is_locked")).isTrue();
        assertThat(node.has("email_address_verified")).isTrue();
        assertThat(node.has("created_at")).isFalse();
        Member back = Json.mapper().treeToValue(node, Member.class);
        assertThat(back).isEqualTo(member);
    }

    @Test
    void responseRecordsReadTheEnvelopeThroughTheCanonicalConstructor() throws Exception {
        String json = "{\"request_id\":\"r\",\"status_code\":200,\"member_id\":\"m\"}";
        MemberResponse r = Json.mapper().readValue(json, MemberResponse.class);
        assertThat(r.requestId()).isEqualTo("r");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.memberId()).isEqualTo("m");
        OrganizationResponse o =
                Json.mapper().readValue("{\"request_id\":\"x\",\"status_code\":200}", OrganizationResponse.class);
        assertThat(o.requestId()).isEqualTo("x");
    }

    @Test
    void searchOperandValuesReadAsPlainJavaValues() throws Exception {
        SearchQuery q = Json.mapper()
                .readValue(
                        "{\"operator\":\"AND\",\"operands\":[{\"filter_name\":\"a\",\"filter_value\":[\"x\"]},"
                                + "{\"filter_name\":\"b\",\"filter_value\":true}]}",
                        SearchQuery.class);
        assertThat(q.operands()).containsExactly(new SearchOperand("a", List.of("x")), new SearchOperand("b", true));
    }
}

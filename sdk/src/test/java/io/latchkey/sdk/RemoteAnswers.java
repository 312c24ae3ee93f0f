package io.latchkey.sdk;

/** Canned server answers for the fake server, shaped like the contract's. */
final class RemoteAnswers {
    static final String FRESH_JWT = "eyJ.fresh.jwt";

    static final String AUTHENTICATED =
            """
      {"request_id":"request-id-test-1","status_code":200,
       "member_session":{"member_session_id":"%s","member_id":"%s","started_at":"2030-01-01T00:00:00Z",
         "last_accessed_at":"2030-01-01T00:01:00Z","expires_at":"2030-01-01T01:00:00Z",
         "authentication_factors":[{"type":"magic_link","delivery_method":"email"}],
         "organization_id":"%s","roles":["stytch_member"],"organization_slug":"acme",
         "custom_claims":{"plan":"gold"},"some_future_field":true},
       "session_token":"","session_jwt":"%s","member":null,"organization":null,
       "a_field_this_sdk_does_not_know":{"nested":[1,2,3]}}
      """.formatted(TestJwts.SESSION_ID, TestJwts.MEMBER_ID, TestJwts.ORG_ID, FRESH_JWT);

    private RemoteAnswers() {}
}

package io.latchkey.server.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.onelogin.saml2.util.Util;
import org.junit.jupiter.api.Test;

/** The HTTP-Redirect encoding of an AuthnRequest is byte for byte the library's, and inflates back. */
class AuthnRequestsTest {
    static final String XML = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " ID=\"_abc\" Version=\"2.0\" IssueInstant=\"2026-12-07T00:00:00Z\""
            + " AssertionConsumerServiceURL=\"https://auth.example.test/v1/b2b/sso/callback/c\"/>";

    @Test
    void theEncodingIsTheLibrarysAndInflatesBack() throws Exception {
        String ours = AuthnRequests.deflatedBase64(XML);
        assertThat(ours).isEqualTo(Util.deflatedBase64encoded(XML));
        assertThat(Util.base64decodedInflated(ours)).isEqualTo(XML);
    }
}

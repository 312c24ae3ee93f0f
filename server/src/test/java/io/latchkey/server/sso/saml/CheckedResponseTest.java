package io.latchkey.server.sso.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The library reads the documents the ACS parsed: its private fields are still the ones {@link
 * ResponseDocuments} sets (this fails loudly when an upgrade renames or retypes them), and a
 * response checked that way reads and decides as the library's own parse of the same text does.
 */
class CheckedResponseTest {
    final ResponseSamples samples = new ResponseSamples();

    @Test
    void theLibraryStillHoldsTheParsedResponseInTheFieldsThisServerSets() throws Exception {
        for (Map.Entry<String, Class<?>> f : Map.<String, Class<?>>of(
                        "samlResponseDocument", Document.class,
                        "decryptedDocument", Document.class,
                        "encrypted", Boolean.class)
                .entrySet()) {
            Field field = SamlResponse.class.getDeclaredField(f.getKey());
            assertThat(field.getType()).as(f.getKey()).isEqualTo(f.getValue());
            assertThat(Modifier.isStatic(field.getModifiers())).as(f.getKey()).isFalse();
            assertThat(Modifier.isFinal(field.getModifiers())).as(f.getKey()).isFalse();
        }
        // The constructor's one use of the posted text is loadXmlFromBase64, which CheckedResponse replaces.
        assertThat(SamlResponse.class
                                .getMethod("loadXmlFromBase64", String.class)
                                .getModifiers()
                        & Modifier.FINAL)
                .isZero();
    }

    @Test
    void aCheckedResponseReadsTheDocumentsItWasGiven() throws Exception {
        Map<String, String> all = samples.all();
        Document posted = ResponseDocuments.parse(all.get("assertion signed"));
        CheckedResponse plain = response(posted, null);
        assertThat(plain.readDocument()).isSameAs(posted);

        Document encrypted = ResponseDocuments.parse(all.get("encrypted, assertion signed"));
        Document decrypted = ResponseDocuments.decrypt(encrypted, samples.encryption.getPrivate());
        CheckedResponse opened = response(encrypted, decrypted);
        assertThat(opened.readDocument()).isSameAs(decrypted);
        assertThat(opened.isValid("_request"))
                .as(String.valueOf(opened.getError()))
                .isTrue();
    }

    @Test
    void aCheckedResponseDecidesAndReadsAsTheLibrarysOwnParseDoes() throws Exception {
        for (Map.Entry<String, String> e : samples.all().entrySet()) {
            Document posted = ResponseDocuments.parse(e.getValue());
            Document decrypted = ResponseDocuments.encrypted(posted)
                    ? ResponseDocuments.decrypt(posted, samples.encryption.getPrivate())
                    : null;
            CheckedResponse ours = response(posted, decrypted);
            SamlResponse library = new SamlResponse(settings(), ResponseSamples.ACS, e.getValue());
            boolean valid = library.isValid("_request");
            assertThat(ours.isValid("_request"))
                    .as(e.getKey() + ": " + library.getError() + " / " + ours.getError())
                    .isEqualTo(valid);
            if (valid) {
                assertThat(ours.getNameId()).isEqualTo(library.getNameId());
                assertThat(ours.getAttributes()).isEqualTo(library.getAttributes());
                assertThat(ours.getAssertionId()).isEqualTo(library.getAssertionId());
                assertThat(ours.getAudiences()).isEqualTo(library.getAudiences());
            } else {
                assertThat(ours.getValidationException()).hasSameClassAs(library.getValidationException());
                if (library.getValidationException() instanceof ValidationError v) {
                    assertThat(((ValidationError) ours.getValidationException()).getErrorCode())
                            .as(e.getKey())
                            .isEqualTo(v.getErrorCode());
                }
            }
        }
    }

    @Test
    void theParseRefusesWhatTheLibrarysParseRefuses() {
        for (String xml : List.of(
                "<!DOCTYPE r [<!ELEMENT r ANY>]><r/>",
                "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r/>",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>",
                "<r><unclosed></r>",
                "not xml")) {
            String posted =
                    java.util.Base64.getEncoder().encodeToString(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ResponseDocuments.parse(posted)).as(xml).isNull();
            assertThat(com.onelogin.saml2.util.Util.loadXML(xml)).as(xml).isNull();
        }
    }

    CheckedResponse response(Document posted, Document decrypted) throws Exception {
        return new CheckedResponse(
                settings(),
                ResponseSamples.ACS,
                Set.of(ResponseSamples.ACS),
                Set.of(ResponseSamples.ACS),
                posted,
                decrypted);
    }

    Saml2Settings settings() {
        return new SpSettings(
                ResponseSamples.ACS,
                ResponseSamples.ACS,
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                null,
                samples.encryption.getPrivate(),
                samples.idp.entityId,
                "",
                List.of(samples.idp.certificate()));
    }
}

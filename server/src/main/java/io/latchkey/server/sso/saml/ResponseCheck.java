package io.latchkey.server.sso.saml;

import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks a SAML response posted to the ACS, as a careful SP must: well-formed and schema-valid, a
 * success status, exactly one assertion, signed (response or assertion) by one of the connection's
 * verification certificates with SHA-256 or better, no signature wrapping (the library checks that
 * the signed element is the one read and refuses duplicate ids and extra signatures), issuer,
 * audience, destination and recipient, InResponseTo naming the request this server sent (or, for an
 * IdP-initiated response, no InResponseTo anywhere), and the assertion's validity window within a
 * small clock skew of this server's clock. An encrypted
 * assertion is decrypted with one of the connection's keys first. Stateless.
 */
public final class ResponseCheck {
    /** How far the IdP's clock may be from ours. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final int MAX_RESPONSE_CHARS = 512 * 1024;
    /** The SAML protocol schema, compiled once (thread-safe). */
    private static final javax.xml.validation.Schema SCHEMA = loadSchema();
    /** A validator is not thread-safe, and making one costs as much as a small document's validation. */
    private static final Lent<javax.xml.validation.Validator> VALIDATORS = new Lent<>(16, ResponseCheck::newValidator);

    private ResponseCheck() {}

    /** What a checked response says. {@code nameIdFormat} may be null; {@code expiresAt} bounds the assertion's use. */
    public record Checked(
            String assertionId,
            String nameId,
            String nameIdFormat,
            Map<String, List<String>> attributes,
            Instant expiresAt) {}

    /**
     * A posted SAMLResponse, decoded and parsed once: everything after reads this one document (a
     * second parse could read the text differently). Nothing in it is trusted before {@link #check}.
     * Not thread-safe (one per request).
     */
    public static final class Posted {
        private final Document document;

        private Posted(Document document) {
            this.document = document;
        }

        /**
         * The InResponseTo of the response, to find the request it answers; null when the attribute
         * is absent (an IdP-initiated response).
         */
        public String inResponseTo() {
            Element root = document.getDocumentElement();
            return root.hasAttribute("InResponseTo") ? root.getAttribute("InResponseTo") : null;
        }
    }

    /**
     * Refuses, before anything else is read, a SAMLResponse that is missing, too large, or not base64
     * of a well-formed XML document without DTDs or entities; reads it otherwise.
     */
    public static Posted read(String samlResponse) {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw invalid(ErrorType.SAML_RESPONSE_MISSING, "The SAMLResponse form field is missing or empty.");
        }
        if (samlResponse.length() > MAX_RESPONSE_CHARS) {
            throw invalid(
                    ErrorType.SAML_RESPONSE_INVALID,
                    "SAMLResponse is larger than " + MAX_RESPONSE_CHARS / 1024 + " KiB.");
        }
        Document doc = ResponseDocuments.parse(samlResponse);
        if (doc == null) {
            throw invalid(
                    ErrorType.SAML_RESPONSE_INVALID_XML,
                    "SAMLResponse is not base64 XML (documents with DTDs or entities are refused).");
        }
        return new Posted(doc);
    }

    /**
     * @param settingsWithKey the connection's settings with the given decryption key (null: none)
     * @param decryptionKeys the connection's encryption private keys, newest first
     * @param requestId the AuthnRequest the response must answer; null for an IdP-initiated response,
     *     which then must carry no InResponseTo (neither on the response nor on its subject confirmation)
     * @throws ApiException naming what was wrong, in words safe to show
     */
    public static Checked check(
            Function<PrivateKey, ? extends Saml2Settings> settingsWithKey,
            List<PrivateKey> decryptionKeys,
            String primaryAcs,
            Set<String> acsUrls,
            Set<String> audiences,
            Posted posted,
            String requestId,
            Instant now) {
        CheckedResponse response =
                open(settingsWithKey, decryptionKeys, primaryAcs, acsUrls, audiences, posted.document);
        if (!response.isValid(requestId)) {
            throw refusal(response.getValidationException());
        }
        // Both the document as posted and, if its assertion was encrypted, as decrypted.
        Document decrypted = response.readDocument();
        if (!schemaValid(posted.document) || (decrypted != posted.document && !schemaValid(decrypted))) {
            throw invalid(ErrorType.SAML_RESPONSE_INVALID, "The SAML response does not follow the SAML 2.0 schema.");
        }
        try {
            CheckedResponse.Window w = response.window();
            for (Instant nb : w.notBefore()) {
                if (nb.minus(CLOCK_SKEW).isAfter(now)) {
                    throw invalid(ErrorType.SAML_RESPONSE_NOT_YET_VALID, "The assertion is not valid yet (NotBefore).");
                }
            }
            Instant expires = null;
            for (Instant na : w.notOnOrAfter()) {
                if (!na.plus(CLOCK_SKEW).isAfter(now)) {
                    throw invalid(ErrorType.SAML_RESPONSE_EXPIRED, "The assertion has expired (NotOnOrAfter).");
                }
                expires = expires == null || na.isBefore(expires) ? na : expires;
            }
            if (expires == null) {
                throw invalid(ErrorType.SAML_RESPONSE_INVALID, "The assertion carries no NotOnOrAfter.");
            }
            return new Checked(
                    response.getAssertionId(),
                    response.getNameId(),
                    response.getNameIdFormat(),
                    response.getAttributes(),
                    expires.plus(CLOCK_SKEW));
        } catch (ApiException e) {
            throw e;
        } catch (ValidationError e) {
            throw refusal(e);
        } catch (Exception e) {
            throw invalid(ErrorType.SAML_RESPONSE_INVALID, "The assertion could not be read.");
        }
    }

    /**
     * The library's response over {@code posted}: an encrypted assertion decrypted with the first of
     * the connection's keys that opens it (each tried on its own copy of the document).
     */
    private static CheckedResponse open(
            Function<PrivateKey, ? extends Saml2Settings> settingsWithKey,
            List<PrivateKey> decryptionKeys,
            String primaryAcs,
            Set<String> acsUrls,
            Set<String> audiences,
            Document posted) {
        boolean encrypted = ResponseDocuments.encrypted(posted);
        List<PrivateKey> tries = new ArrayList<>(decryptionKeys);
        if (tries.isEmpty()) {
            tries.add(null);
        }
        for (PrivateKey key : tries) {
            try {
                Document decrypted = null;
                if (encrypted) {
                    if (key == null) {
                        break;
                    }
                    decrypted = ResponseDocuments.decrypt(posted, key);
                }
                return new CheckedResponse(
                        settingsWithKey.apply(key), primaryAcs, acsUrls, audiences, posted, decrypted);
            } catch (Exception e) {
                // An encrypted assertion that this key does not open; the next key may.
            }
        }
        if (!encrypted) {
            throw invalid(ErrorType.SAML_RESPONSE_INVALID, "The SAML response could not be read.");
        }
        throw invalid(
                ErrorType.SAML_RESPONSE_INVALID,
                decryptionKeys.isEmpty()
                        ? "The assertion is encrypted, and the connection has no encryption private key."
                        : "The encrypted assertion does not open with any of the connection's encryption keys.");
    }

    private static javax.xml.validation.Schema loadSchema() {
        try {
            return com.onelogin.saml2.util.SchemaFactory.loadFromUrl(
                    com.onelogin.saml2.util.SchemaFactory.SAML_SCHEMA_PROTOCOL_2_0);
        } catch (org.xml.sax.SAXException e) {
            throw new IllegalStateException("the SAML schemas bundled with the SAML library do not load", e);
        }
    }

    /** A validator of the schema that reads nothing from outside (no DTD, no other schema). */
    private static javax.xml.validation.Validator newValidator() {
        javax.xml.validation.Validator v = SCHEMA.newValidator();
        try {
            v.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (org.xml.sax.SAXException e) {
            throw new IllegalStateException("the JDK's schema validator takes JAXP's access properties", e);
        }
        return v;
    }

    private static boolean schemaValid(Document doc) {
        try {
            // Each validation starts from the validator's settings (the JDK's Validator.reset would
            // drop its security settings, so it is not called: nothing here changes them).
            javax.xml.validation.Validator v = VALIDATORS.take();
            v.validate(new javax.xml.transform.dom.DOMSource(doc));
            VALIDATORS.giveBack(v);
            return true;
        } catch (org.xml.sax.SAXException | java.io.IOException e) {
            return false;
        }
    }

    private static ApiException refusal(Exception e) {
        if (!(e instanceof ValidationError v)) {
            return invalid(ErrorType.SAML_RESPONSE_INVALID, "The SAML response is not valid.");
        }
        return switch (v.getErrorCode()) {
            case ValidationError.NO_SIGNATURE_FOUND,
                    ValidationError.NO_SIGNED_ASSERTION,
                    ValidationError.NO_SIGNED_MESSAGE ->
                invalid(
                        ErrorType.SAML_SIGNATURE_MISSING,
                        "Neither the response nor its assertion is signed: the IdP must sign one of them.");
            case ValidationError.INVALID_SIGNATURE ->
                invalid(
                        ErrorType.SAML_SIGNATURE_INVALID,
                        "The response is not signed by one of the connection's verification certificates.");
            case ValidationError.WRONG_SIGNED_ELEMENT,
                    ValidationError.ID_NOT_FOUND_IN_SIGNED_ELEMENT,
                    ValidationError.DUPLICATED_ID_IN_SIGNED_ELEMENTS,
                    ValidationError.INVALID_SIGNED_ELEMENT,
                    ValidationError.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS,
                    ValidationError.UNEXPECTED_SIGNED_ELEMENTS,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION,
                    ValidationError.WRONG_NUMBER_OF_SIGNATURES,
                    ValidationError.UNEXPECTED_REFERENCE,
                    ValidationError.WRONG_NUMBER_OF_ASSERTIONS ->
                invalid(
                        ErrorType.SAML_SIGNATURE_INVALID,
                        "The response's signatures do not cover exactly the one assertion it carries.");
            case ValidationError.WRONG_AUDIENCE ->
                invalid(
                        ErrorType.SAML_AUDIENCE_INVALID,
                        "The assertion's audience is not this connection's audience_uri.");
            case ValidationError.WRONG_DESTINATION, ValidationError.EMPTY_DESTINATION ->
                invalid(
                        ErrorType.SAML_DESTINATION_INVALID,
                        "The response's Destination is not this connection's acs_url.");
            case ValidationError.WRONG_SUBJECTCONFIRMATION -> subjectConfirmation(v.getMessage());
            case ValidationError.ASSERTION_EXPIRED, ValidationError.SESSION_EXPIRED, ValidationError.RESPONSE_EXPIRED ->
                invalid(ErrorType.SAML_RESPONSE_EXPIRED, "The assertion is past its validity window.");
            case ValidationError.ASSERTION_TOO_EARLY ->
                invalid(ErrorType.SAML_RESPONSE_NOT_YET_VALID, "The assertion is not valid yet (NotBefore).");
            case ValidationError.WRONG_INRESPONSETO ->
                invalid(
                        ErrorType.SAML_RESPONSE_UNSOLICITED,
                        "The response does not answer a request this server sent.");
            case ValidationError.WRONG_ISSUER,
                    ValidationError.ISSUER_MULTIPLE_IN_RESPONSE,
                    ValidationError.ISSUER_NOT_FOUND_IN_ASSERTION ->
                invalid(
                        ErrorType.SAML_RESPONSE_INVALID,
                        "The response's issuer is not the connection's idp_entity_id.");
            case ValidationError.STATUS_CODE_IS_NOT_SUCCESS ->
                invalid(ErrorType.SAML_RESPONSE_FAILED, "The IdP did not sign the member in (status not Success).");
            default -> invalid(ErrorType.SAML_RESPONSE_INVALID, "The SAML response is not valid.");
        };
    }

    private static ApiException subjectConfirmation(String detail) {
        String d = String.valueOf(detail);
        if (d.contains("Recipient")) {
            return invalid(
                    ErrorType.SAML_DESTINATION_INVALID, "The assertion's Recipient is not this connection's acs_url.");
        }
        if (d.contains("not yet valid")) {
            return invalid(
                    ErrorType.SAML_RESPONSE_NOT_YET_VALID, "The assertion's subject confirmation is not valid yet.");
        }
        if (d.contains("no longer valid")) {
            return invalid(ErrorType.SAML_RESPONSE_EXPIRED, "The assertion's subject confirmation has expired.");
        }
        if (d.contains("InResponseTo")) {
            return invalid(
                    ErrorType.SAML_RESPONSE_UNSOLICITED,
                    "The assertion's subject confirmation does not answer the request the response names.");
        }
        return invalid(ErrorType.SAML_RESPONSE_INVALID, "The assertion has no valid bearer subject confirmation.");
    }

    private static ApiException invalid(ErrorType type, String message) {
        return new ApiException(type, message);
    }
}

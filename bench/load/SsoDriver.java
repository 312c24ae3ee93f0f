import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Load driver for the SAML SSO login: an organization's SAML connection to an IdP this driver
 * plays (its own RSA key, made here), then logins measured from the browser's POST of the signed
 * response to the ACS to {@code sso.authenticate} redeeming the token the ACS handed out.
 *
 * <p>Each login answers an AuthnRequest the server really sent: before the measured window the
 * driver follows {@code /v1/public/sso/start} {@code --count} times and signs a response to each
 * (so the server's AuthnRequest signing and the driver's own signing are outside the figure).
 * Members come from a pool of {@code --members} addresses: the first login of each signs it up
 * (JIT), later ones log it in. The last line printed is a machine-readable RESULT line.
 *
 * <p>Usage: {@code java -cp <server lib/*>:<classes> SsoDriver --base-url URL --project-id ID
 * --secret S --public-token T --organization-id ORG [--count N] [--members M] [--concurrency C]
 * [--warmup S] --duration S}
 */
public final class SsoDriver {
    private static final String NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile(" ID=\"([^\"]+)\"");

    private final Map<String, String> opts;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    private final String auth;
    private final String entityId = "https://idp.bench.test/" + UUID.randomUUID();
    private KeyPair idpKeys;
    private X509Certificate idpCert;

    private SsoDriver(Map<String, String> opts) {
        this.opts = opts;
        this.baseUrl = opts.get("base-url").replaceAll("/+$", "");
        this.auth = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (opts.get("project-id") + ":" + opts.get("secret")).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        org.apache.xml.security.Init.init();
        System.exit(new SsoDriver(opts).run());
    }

    private record Prepared(String response, String email) {}

    /** This driver's own CPU so far, so that run.sh can leave its preparation out of "load gen CPU". */
    private static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    private int run() throws Exception {
        int count = Integer.parseInt(opts.getOrDefault("count", "5000"));
        int members = Integer.parseInt(opts.getOrDefault("members", "2000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "32"));
        long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("warmup", "5")));
        long durationNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.get("duration")));
        String org = opts.get("organization-id");

        idpKeys = rsa();
        idpCert = selfSigned(idpKeys);
        api("PUT", "/v1/b2b/organizations/" + org, Map.of("sso_jit_provisioning", "ALL_ALLOWED"));
        JsonNode created = api("POST", "/v1/b2b/sso/saml/" + org, Map.of("display_name", "Bench IdP"));
        String connectionId = created.path("connection").path("connection_id").asText();
        JsonNode active = api(
                "PUT",
                "/v1/b2b/sso/saml/" + org + "/connections/" + connectionId,
                Map.of(
                        "idp_entity_id",
                        entityId,
                        "idp_sso_url",
                        "https://idp.bench.test/sso",
                        "x509_certificate",
                        pem(idpCert),
                        "attribute_mapping",
                        Map.of("email", "email", "full_name", "name")));
        String acs = active.path("connection").path("acs_url").asText();
        if (!"active".equals(active.path("connection").path("status").asText())) {
            throw new IllegalStateException("connection not active: " + active);
        }

        // Before the clock starts: the AuthnRequests and the signed responses answering them.
        long prepStart = System.nanoTime();
        ConcurrentLinkedQueue<Prepared> ready = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService prep = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            prep.submit(() -> {
                for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                    String email = "sso-" + (k % members) + "@bench.test";
                    String requestId = requestId(location(get(baseUrl + "/v1/public/sso/start?public_token="
                            + opts.get("public-token") + "&connection_id=" + connectionId)));
                    ready.add(new Prepared(signedResponse(acs, requestId, email), email));
                }
                return null;
            });
        }
        prep.shutdown();
        prep.awaitTermination(30, TimeUnit.MINUTES);
        System.out.printf(
                Locale.ROOT,
                "prepared %d signed responses in %.1f s%n",
                ready.size(),
                (System.nanoTime() - prepStart) / 1e9);

        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long stopAt = measureFrom + durationNanos;
        List<Long> totals = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> acsTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        AtomicLong exhausted = new AtomicLong();
        // Every login the server completed from the start of the measured window on (those still in
        // flight at its end included): run.sh reads the server's CPU from the "measuring" line to
        // this driver's exit and divides it by this count, so the warm-up's JIT work is left out.
        AtomicLong completed = new AtomicLong();
        java.util.concurrent.ScheduledExecutorService marker = Executors.newSingleThreadScheduledExecutor();
        marker.schedule(
                () -> {
                    System.out.printf(Locale.ROOT, "measuring driver_cpu_ms=%d%n", cpuMillis());
                    System.out.flush();
                },
                measureFrom - System.nanoTime(),
                TimeUnit.NANOSECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                while (System.nanoTime() < stopAt) {
                    Prepared p = ready.poll();
                    if (p == null) {
                        exhausted.incrementAndGet();
                        return null;
                    }
                    long t0 = System.nanoTime();
                    try {
                        String token = tokenOf(postAcs(acs.replaceFirst("^https?://[^/]+", baseUrl), p.response()));
                        long t1 = System.nanoTime();
                        JsonNode login = api("POST", "/v1/b2b/sso/authenticate", Map.of("sso_token", token));
                        if (!login.path("member_authenticated").asBoolean()) {
                            throw new IllegalStateException("not authenticated: " + login);
                        }
                        long t2 = System.nanoTime();
                        if (t2 >= measureFrom) {
                            completed.incrementAndGet();
                        }
                        if (t0 >= measureFrom && t2 <= stopAt) {
                            totals.add(t2 - t0);
                            acsTimes.add(t1 - t0);
                        }
                    } catch (Exception e) {
                        if (t0 >= measureFrom && failures.incrementAndGet() <= 5) {
                            System.err.println("login failed: " + e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(durationNanos + warmupNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
        marker.shutdown();
        if (exhausted.get() > 0) {
            System.err.println("the prepared responses ran out before the end: raise --count");
            failures.addAndGet(exhausted.get());
        }
        double seconds = durationNanos / 1e9;
        System.out.printf(
                Locale.ROOT,
                "phases p50/p99 ms: acs %.1f/%.1f%n",
                percentileMs(acsTimes, 50),
                percentileMs(acsTimes, 99));
        System.out.printf(
                Locale.ROOT,
                "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d completed=%d driver_cpu_ms=%d%n",
                totals.size() / seconds,
                percentileMs(totals, 50),
                percentileMs(totals, 99),
                totals.size(),
                failures.get(),
                completed.get(),
                cpuMillis());
        return 0;
    }

    private String signedResponse(String acs, String requestId, String email) throws Exception {
        Instant now = Instant.now();
        Instant until = now.plus(Duration.ofMinutes(9));
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"" + NS_SAML
                + "\" ID=\"_r" + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\"" + now + "\" Destination=\""
                + acs + "\" InResponseTo=\"" + requestId + "\"><saml:Issuer>" + entityId + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" ID=\"_a" + UUID.randomUUID()
                + "\" Version=\"2.0\" IssueInstant=\"" + now + "\"><saml:Issuer>" + entityId + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">"
                + email + "</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + until + "\" Recipient=\"" + acs
                + "\" InResponseTo=\"" + requestId + "\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + now.minusSeconds(5) + "\" NotOnOrAfter=\"" + until + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + acs + "</saml:Audience></saml:AudienceRestriction>"
                + "</saml:Conditions><saml:AuthnStatement AuthnInstant=\"" + now + "\"><saml:AuthnContext>"
                + "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>"
                + "<saml:Attribute Name=\"email\"><saml:AttributeValue xsi:type=\"xs:string\">" + email
                + "</saml:AttributeValue></saml:Attribute><saml:Attribute Name=\"name\"><saml:AttributeValue"
                + " xsi:type=\"xs:string\">Bench Member</saml:AttributeValue></saml:Attribute>"
                + "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(xml)));
        Element assertion =
                (Element) doc.getElementsByTagNameNS(NS_SAML, "Assertion").item(0);
        XMLSignature sig = new XMLSignature(
                doc, null, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        Node issuer = assertion.getElementsByTagNameNS(NS_SAML, "Issuer").item(0);
        assertion.insertBefore(sig.getElement(), issuer.getNextSibling());
        assertion.setIdAttributeNS(null, "ID", true);
        Transforms t = new Transforms(doc);
        t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        t.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
        sig.addDocument("#" + assertion.getAttribute("ID"), t, "http://www.w3.org/2001/04/xmlenc#sha256");
        sig.addKeyInfo(idpCert);
        sig.sign(idpKeys.getPrivate());
        StringWriter w = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(w));
        return Base64.getEncoder().encodeToString(w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String requestId(String redirect) throws Exception {
        String query = URI.create(redirect).getRawQuery();
        String encoded = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("SAMLRequest=")) {
                encoded = URLDecoder.decode(pair.substring("SAMLRequest=".length()), StandardCharsets.UTF_8);
            }
        }
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getDecoder().decode(encoded));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buf, 0, n);
        }
        Matcher m = REQUEST_ID.matcher(out.toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no AuthnRequest ID");
        }
        return m.group(1);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAcs(String url, String samlResponse) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 3) {
            throw new IllegalStateException("expected a redirect, got " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static String tokenOf(HttpResponse<String> acs) {
        String location = location(acs);
        return URLDecoder.decode(location.substring(location.lastIndexOf("token=") + 6), StandardCharsets.UTF_8);
    }

    private JsonNode api(String method, String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=bench-idp");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minusSeconds(300)),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static double percentileMs(List<Long> samples, int p) {
        List<Long> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        if (sorted.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}

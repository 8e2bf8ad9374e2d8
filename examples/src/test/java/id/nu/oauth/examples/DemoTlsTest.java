package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import id.nu.oauth.servlet.ConsentView;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --tls}: the demo serves https in Jetty and in Tomcat with a self-signed certificate for
 * 127.0.0.1 and localhost, made on first use in a PKCS#12 file and reused on the next start; the
 * metadata names https URLs; a client that trusts that certificate (and only it) gets tokens and the
 * JWKS, one that does not fails the handshake; and the demo client, which trusts it the same way,
 * completes its flow over https.
 */
class DemoTlsTest {

    private static final String PASSWORD = "test-tls-password";
    /** In {@code demo-config.json}: confidential, client_credentials only. */
    private static final String ORDERS_API = "my-orders-api";
    private static final String ORDERS_API_SECRET = "OHZziOxftPJYCd2PFleoa8O0VXt7ya3lF4GqnhLTUQc";

    @TempDir
    Path dir;

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("Jetty 12", (DemoMain.Starter) JettyDemo::start),
                Arguments.of("Tomcat 11", (DemoMain.Starter) TomcatDemo::start));
    }

    @Test
    void theKeyStoreIsMadeOnceForTheLoopbackNamesAndOnlyItsOwnerReadsIt() throws Exception {
        DemoTls.Spec spec = new DemoTls.Spec(dir.resolve("data/tls.p12"), PASSWORD);
        DemoTls made = DemoTls.loadOrCreate(spec);
        assertThat(made.created()).isTrue();
        X509Certificate cert = made.certificate();
        List<String> names = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            names.add(san.get(0) + ":" + san.get(1)); // 2 = DNS, 7 = IP
        }
        assertThat(names).containsExactlyInAnyOrder("7:127.0.0.1", "2:localhost");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal()); // self-signed
        cert.verify(cert.getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.file()))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            assertThat(files).containsExactly(made.file()); // keytool's working folder is gone
        }
        assertThat(spec.toString()).doesNotContain(PASSWORD);

        DemoTls again = DemoTls.loadOrCreate(spec);
        assertThat(again.created()).isFalse();
        assertThat(again.certificate()).isEqualTo(cert);
        assertThat(again.fingerprint()).isEqualTo(made.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

        assertThatThrownBy(() -> DemoTls.loadOrCreate(new DemoTls.Spec(spec.keyStore(), "not-the-password")))
                .hasMessage("--tls-keystore " + made.file() + ": wrong password; give it with --tls-password or in "
                        + "the environment variable NUID_TLS_PASSWORD")
                .hasMessageNotContaining("not-the-password");
        Path notAKeyStore = Files.writeString(dir.resolve("x.p12"), "hello");
        assertThatThrownBy(() -> DemoTls.loadOrCreate(new DemoTls.Spec(notAKeyStore, PASSWORD)))
                .hasMessageStartingWith("--tls-keystore " + notAKeyStore + ": cannot read it as a PKCS#12 key store");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void servesHttpsWithTheCertificateItMadeAndReusesItOnTheNextStart(String name, DemoMain.Starter starter)
            throws Exception {
        Path file = dir.resolve("demo-tls.p12");
        DemoOptions options = new DemoOptions(0, "/api", Path.of("demo-config.json"))
                .withTls(new DemoTls.Spec(file, PASSWORD));
        DemoConfig config = DemoConfig.load(Path.of("demo-config.json"));
        X509Certificate first;
        try (RunningDemo demo = starter.start(options, config)) {
            assertThat(Files.exists(file)).isTrue();
            assertThat(demo.portal().tls().created()).isTrue();
            first = certificateIn(file);
            HttpClient trusting = client(trusting(file));
            URI origin = demo.origin();
            assertThat(origin.toString()).matches("https://127\\.0\\.0\\.1:\\d+");
            String issuer = origin + "/api";
            assertThat(demo.portal().issuer()).hasToString(issuer);
            assertThat(demo.portal().banner()).contains("  Portal:       " + origin + "/\n")
                    .contains("  TLS:          " + file.toAbsolutePath() + "  (made now)")
                    .contains(demo.portal().tls().fingerprint()).doesNotContain(PASSWORD);

            // the metadata, at both well-known places, over https with https URLs
            for (String path : new String[] {"/api/.well-known/openid-configuration",
                    "/.well-known/oauth-authorization-server/api"}) {
                HttpResponse<String> metadata = trusting.send(HttpRequest.newBuilder(URI.create(origin + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metadata.statusCode()).as(path).isEqualTo(200);
                assertThat(metadata.sslSession()).isPresent();
                assertThat(metadata.sslSession().get().getPeerCertificates()[0]).isEqualTo(first);
                Map<String, Object> json = JSONObjectUtils.parse(metadata.body());
                assertThat(json).containsEntry("issuer", issuer)
                        .containsEntry("token_endpoint", issuer + "/oauth/token")
                        .containsEntry("authorization_endpoint", issuer + "/oauth/authorize");
                assertThat(json.get("jwks_uri")).isEqualTo(issuer + "/oauth/jwks");
                for (Map.Entry<String, Object> entry : json.entrySet()) {
                    if (entry.getValue() instanceof String value && value.contains("://")) {
                        assertThat(value).as(entry.getKey()).startsWith("https://");
                    }
                }
            }

            // client_credentials and the JWKS, trusting the demo's certificate
            HttpResponse<String> token = trusting.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth/token"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (ORDERS_API + ":" + ORDERS_API_SECRET).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            assertThat(JSONObjectUtils.parse(token.body())).containsKey("access_token").containsEntry("token_type", "Bearer");
            String jwks = trusting.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(JWKSet.parse(jwks).getKeys()).isNotEmpty();

            // localhost is in the certificate too (the portal then sends a browser on to 127.0.0.1)
            HttpResponse<String> viaLocalhost = trusting.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + origin.getPort() + "/api/oauth/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(viaLocalhost.statusCode()).isEqualTo(200);

            // a client with the JDK's usual trust store refuses the self-signed certificate
            HttpClient usual = client(SSLContext.getDefault());
            assertThatThrownBy(() -> usual.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        }

        // the next start reads the same key store and serves the same certificate
        try (RunningDemo demo = starter.start(options, config)) {
            assertThat(demo.portal().tls().created()).isFalse();
            assertThat(demo.portal().banner()).doesNotContain("(made now)");
            assertThat(certificateIn(file)).isEqualTo(first);
            HttpResponse<String> metadata = client(trusting(file)).send(HttpRequest.newBuilder(
                    URI.create(demo.origin() + "/api/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.sslSession().get().getPeerCertificates()[0]).isEqualTo(first);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theDemoClientCompletesItsFlowOverHttps(String name, DemoMain.Starter starter) throws Exception {
        Path file = dir.resolve("demo-tls.p12");
        DemoOptions options = new DemoOptions(0, "/api", null).withTls(new DemoTls.Spec(file, PASSWORD));
        try (RunningDemo demo = starter.start(options, DemoConfig.builtIn())) {
            Browser browser = new Browser(trusting(file));
            Browser.Page start = browser.get(demo.origin().resolve("/demo-client/"));
            assertThat(start.status()).isEqualTo(200);
            assertThat(start.header("Set-Cookie")).contains("Secure");
            Browser.Page page = browser.submit(start.form("/demo-client/start", "value=\"demo-pkce\""));
            assertThat(page.url().getPath()).isEqualTo("/login");
            page = browser.submit(page.form("/login", "password")
                    .with("username", DemoPortal.DEMO_USERNAME).with("password", DemoPortal.DEMO_PASSWORD));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.url().toString()).startsWith(demo.origin() + "/api/oauth/authorize?");
            assertThat(page.url().getRawQuery()).contains("redirect_uri=https%3A%2F%2F127.0.0.1%3A"
                    + demo.origin().getPort() + "%2Fdemo-client%2Fcallback");
            Browser.Page result = browser.submit(page.form("", ConsentView.APPROVE)
                    .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
            assertThat(browser.hops).anySatisfy(hop -> assertThat(hop.toString())
                    .startsWith(demo.origin() + "/demo-client/callback?"));
            // the demo client's own calls (token, JWKS) went over https, trusting the demo's certificate
            assertThat(result.body()).contains("iss names this server (RFC 9207)")
                    .contains("POST " + demo.origin() + "/api/oauth/token")
                    .contains("&quot;token_type&quot;: &quot;Bearer&quot;");
            assertThat(Browser.elementText(result.body(), "id-token-verdict")).as(result.body()).startsWith("✔ Verified");
            result = browser.submit(result.form("/demo-client/userinfo", null));
            assertThat(Browser.elementText(result.body(), "userinfo")).contains("\"sub\"");

            // logout: the portal's back-channel POST reaches the demo client's https receiver, because the
            // portal trusts the demo certificate for it (backChannelLogoutSslContext; Back-Channel Logout 1.0 §2.5)
            Browser.Page signedOut = browser.submit(result.form("/demo-client/logout", null));
            assertThat(Browser.elementText(signedOut.body(), "signed-out")).isEqualTo("Signed out");
            String verdict = null;
            for (int i = 0; i < 50 && verdict == null; i++) {
                verdict = Browser.elementText(browser.get(demo.origin().resolve("/demo-client/")).body(),
                        "backchannel-1-verdict");
                if (verdict == null) {
                    Thread.sleep(200);
                }
            }
            assertThat(verdict).as("a logout token reached the https back channel").isNotNull()
                    .startsWith("✔ demo-pkce").contains("LogoutTokenValidator");
        }
    }

    private static HttpClient client(SSLContext ssl) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The certificate in the key store file, read here without the demo's code. */
    private static X509Certificate certificateIn(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = store.getCertificate(DemoTls.ALIAS);
        return (X509Certificate) cert;
    }

    /** An SSL context that trusts the certificate in the key store file and nothing else. */
    private static SSLContext trusting(Path file) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("demo", certificateIn(file));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        return ssl;
    }
}

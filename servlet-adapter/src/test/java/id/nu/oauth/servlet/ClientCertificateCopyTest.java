package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter copies the TLS client certificate chain the container verified (RFC 8705), and, only
 * when the host turned it on, the certificate a TLS-terminating proxy passed in a header as URL-encoded
 * PEM. No rule: what the engine makes of the certificate is the engine's business.
 */
class ClientCertificateCopyTest {

    static X509Certificate leaf;
    static X509Certificate issuer;
    static String pem;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        leaf = selfSigned(dir, "leaf");
        issuer = selfSigned(dir, "issuer");
        pem = Files.readString(dir.resolve("leaf.pem"));
    }

    private static X509Certificate selfSigned(Path dir, String name) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String store = dir.resolve(name + ".p12").toString();
        run(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store, "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", name, "-storetype", "PKCS12", "-keystore", store, "-storepass",
                "changeit", "-file", dir.resolve(name + ".pem").toString());
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(dir.resolve(name + ".pem"))));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static HttpServletRequest request(X509Certificate[] chain, Map<String, List<String>> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientCertificateCopyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getPathInfo" -> "/oauth/userinfo";
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getAttribute" -> "jakarta.servlet.request.X509Certificate".equals(args[0]) ? chain : null;
                    case "getRequestURL" -> new StringBuffer("https://127.0.0.1/api/oauth/userinfo");
                    case "getContentLengthLong" -> 0L;
                    default -> null;
                });
    }

    @Test
    void theContainersChainIsCopiedLeafFirst_rfc8705_2() {
        EndpointRequest r = Exchange.withoutBody(request(new X509Certificate[] {leaf, issuer}, Map.of())).build();
        assertThat(r.clientCertificate()).isEqualTo(leaf);
        assertThat(r.clientCertificateChain()).containsExactly(leaf, issuer);
        assertThat(Exchange.withoutBody(request(null, Map.of())).build().clientCertificate()).isNull();
    }

    @Test
    void theProxyHeaderIsIgnoredUnlessTheHostTrustsIt() {
        Map<String, List<String>> headers = Map.of("X-Client-Cert",
                List.of(URLEncoder.encode(pem, StandardCharsets.UTF_8)));
        assertThat(Exchange.withoutBody(request(null, headers)).build().clientCertificate()).isNull();
        assertThat(Exchange.withoutBody(request(null, headers), "X-Client-Cert").build().clientCertificate())
                .isEqualTo(leaf);
        // the container's own certificate wins over the header
        assertThat(Exchange.withoutBody(request(new X509Certificate[] {issuer}, headers), "X-Client-Cert").build()
                .clientCertificate()).isEqualTo(issuer);
    }

    @Test
    void aHeaderThatIsNotOneCertificateIsNoCertificate() {
        for (List<String> values : List.of(List.of(""), List.of("garbage"), List.of("-----BEGIN CERTIFICATE-----%0AAAAA"),
                List.of(URLEncoder.encode(pem, StandardCharsets.UTF_8), URLEncoder.encode(pem, StandardCharsets.UTF_8)),
                List.of("x".repeat(40_000)))) {
            assertThat(Exchange.withoutBody(request(null, Map.of("X-Client-Cert", values)), "X-Client-Cert").build()
                    .clientCertificate()).isNull();
        }
    }

    @Test
    void theTrustedHeaderMustBeAHeaderName() {
        AuthorizationServer server = AuthorizationServer.builder().issuer(URI.create("https://nu.id/api")).build();
        OAuthEndpoints.Builder b = OAuthEndpoints.builder(server).userResolver(request -> null);
        assertThatThrownBy(() -> b.trustedClientCertificateHeader("X Client Cert"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BearerTokenFilter(server).withTrustedClientCertificateHeader(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.trustedClientCertificateHeader("X-Client-Cert").build()).isNotNull();
    }
}

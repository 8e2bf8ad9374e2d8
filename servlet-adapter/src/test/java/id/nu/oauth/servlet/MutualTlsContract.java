package id.nu.oauth.servlet;

import id.nu.oauth.storage.contract.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS (RFC 8705) over real HTTPS: the container requests, but does not require, a client
 * certificate; the adapter hands what it verified to the engine. One client connects with a CA-issued
 * certificate, one with another, one with a self-signed one, one with none; a certificate-bound
 * token replayed without its certificate or with another is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MutualTlsContract {

    static final String PKI = "bank-app";
    static final String SELF = "self-app";

    /** Starts an HTTPS container with want-client-auth that installs {@code app}; returns its origin and stopper. */
    interface TlsKind {
        Running start(TestCertificates certs, java.util.function.Function<URI, Consumer<ServletContext>> app)
                throws Exception;
    }

    record Running(URI origin, AutoCloseable stop) {
    }

    private final TlsKind kind;
    private TestCertificates certs;
    private Running running;
    private URI origin;

    MutualTlsContract(TlsKind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        certs = new TestCertificates(dir);
        com.nimbusds.jose.jwk.ECKey selfKey = new com.nimbusds.jose.jwk.ECKey.Builder(
                com.nimbusds.jose.jwk.Curve.P_256, (java.security.interfaces.ECPublicKey) certs.selfSigned.getPublicKey())
                .build();
        running = kind.start(certs, origin -> {
            AuthorizationServer server = AuthorizationServer.builder()
                    .issuer(URI.create(origin + "/api"))
                    .client(Client.confidentialWithCertificate(PKI, CertificateSubject.subjectDn(TestCertificates.PKI_DN))
                            .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders")
                            .requirements(new ClientRequirements(false, false, false, false, true)).build())
                    .client(Client.confidentialWithKeys(SELF, ClientKeys.inline(
                                    new com.nimbusds.jose.jwk.JWKSet(selfKey).toString()))
                            .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                            .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders").build())
                    .build();
            OAuthEndpoints endpoints = OAuthEndpoints.builder(server).userResolver(request -> null).build();
            return context -> {
                endpoints.register(context);
                context.addServlet("orders", new OrdersServlet()).addMapping("/orders");
                context.addFilter("bearer", new BearerTokenFilter(server, "orders"))
                        .addMappingForUrlPatterns(null, false, "/orders");
            };
        });
        origin = running.origin();
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.stop().close();
        }
    }

    /** A host API behind the bearer filter. */
    static final class OrdersServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("orders");
        }
    }

    /** An HTTPS client that trusts the test CA and presents the key of {@code store}, or none. */
    private HttpClient client(String store) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certs.trustStore());
        KeyManagerFactory kmf = null;
        if (store != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = certs.clientKeyStore(store);
            kmf.init(keys, TestCertificates.PASSWORD);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
    }

    private HttpResponse<String> token(HttpClient client, String clientId) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create(origin + "/api/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> orders(HttpClient client, String accessToken) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(origin + "/orders")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String accessToken(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(r.body());
        return (String) json.get("access_token");
    }

    @Test
    void aClientWithItsCertificateGetsATokenThatWorksOnlyWithThatCertificate_rfc8705_2_1_and_3() throws Exception {
        HttpClient bank = client("pki");
        String token = accessToken(token(bank, PKI));
        HttpResponse<String> ok = orders(bank, token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("orders");

        // §3: the token replayed without a certificate, or over a connection with another one
        for (HttpClient thief : new HttpClient[] {client(null), client("other"), client("self")}) {
            HttpResponse<String> refused = orders(thief, token);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer").contains("error=\"invalid_token\"");
        }
    }

    @Test
    void aClientWithoutACertificateOrWithAnotherIsInvalidClient_rfc8705_2_1() throws Exception {
        for (HttpClient wrong : new HttpClient[] {client(null), client("other")}) {
            HttpResponse<String> r = token(wrong, PKI);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(r.body()).contains("\"invalid_client\"").doesNotContain("Exception");
        }
    }

    @Test
    void aSelfSignedCertificateWithTheClientsRegisteredKeyAuthenticates_rfc8705_2_2() throws Exception {
        String token = accessToken(token(client("self"), SELF));
        assertThat(orders(client(null), token).statusCode()).isEqualTo(200); // not registered for bound tokens
        HttpResponse<String> wrong = token(client("pki"), SELF);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"invalid_client\"");
    }

    @Test
    void metadataSaysCertificateBoundTokensAreSupported_rfc8705_3_3() throws Exception {
        HttpResponse<String> r = client(null).send(HttpRequest.newBuilder(
                URI.create(origin + "/api/.well-known/oauth-authorization-server")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(r.body());
        assertThat(json.get("tls_client_certificate_bound_access_tokens")).isEqualTo(true);
        assertThat(json.get("token_endpoint_auth_methods_supported").toString())
                .contains("tls_client_auth", "self_signed_tls_client_auth");
    }

    // ------------------------------------------------------------------ the two containers

    /** Jetty 12 over TLS, client certificates wanted (not needed). */
    static Running jetty(TestCertificates certs, java.util.function.Function<URI, Consumer<ServletContext>> app)
            throws Exception {
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStorePath(certs.path("server").toString());
        ssl.setKeyStorePassword("changeit");
        ssl.setKeyStoreType("PKCS12");
        ssl.setCertAlias("client");
        ssl.setTrustStorePath(certs.path("trust").toString());
        ssl.setTrustStorePassword("changeit");
        ssl.setTrustStoreType("PKCS12");
        ssl.setWantClientAuth(true);
        org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration();
        org.eclipse.jetty.server.SecureRequestCustomizer secure = new org.eclipse.jetty.server.SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        URI origin = URI.create("https://127.0.0.1:" + connector.getLocalPort());
        Consumer<ServletContext> install = app.apply(origin);
        org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
        context.setContextPath("/");
        context.addServletContainerInitializer((classes, sc) -> install.accept(sc));
        server.setHandler(context);
        server.start();
        return new Running(origin, server::stop);
    }

    /** Tomcat 11 over TLS, {@code certificateVerification="optional"}. */
    static Running tomcat(TestCertificates certs, java.util.function.Function<URI, Consumer<ServletContext>> app)
            throws Exception {
        TestContainer.Quiet.TOMCAT.setLevel(java.util.logging.Level.WARNING);
        Path base = java.nio.file.Files.createTempDirectory("nuid-tomcat-tls");
        org.apache.catalina.startup.Tomcat tomcat = new org.apache.catalina.startup.Tomcat();
        tomcat.setBaseDir(base.toString());
        org.apache.catalina.connector.Connector connector = new org.apache.catalina.connector.Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("SSLEnabled", "true");
        org.apache.tomcat.util.net.SSLHostConfig host = new org.apache.tomcat.util.net.SSLHostConfig();
        host.setCertificateVerification("optional");
        host.setTruststoreFile(certs.path("trust").toString());
        host.setTruststorePassword("changeit");
        host.setTruststoreType("PKCS12");
        org.apache.tomcat.util.net.SSLHostConfigCertificate certificate = new org.apache.tomcat.util.net.SSLHostConfigCertificate(
                host, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(certs.path("server").toString());
        certificate.setCertificateKeystorePassword("changeit");
        certificate.setCertificateKeystoreType("PKCS12");
        certificate.setCertificateKeyAlias("client");
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        tomcat.setConnector(connector);
        java.util.concurrent.atomic.AtomicReference<Consumer<ServletContext>> install =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.apache.catalina.Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer((classes, sc) -> install.get().accept(sc), null);
        if (context instanceof org.apache.catalina.core.StandardContext standard) {
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        tomcat.init();
        URI origin = URI.create("https://127.0.0.1:" + connector.getLocalPort());
        install.set(app.apply(origin));
        tomcat.start();
        return new Running(origin, () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }
}

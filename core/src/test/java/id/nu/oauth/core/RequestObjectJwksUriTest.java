package id.nu.oauth.core;

import static id.nu.oauth.core.ParJarFixtures.request;
import static id.nu.oauth.core.ParJarFixtures.sign;
import static id.nu.oauth.core.ParJarFixtures.withObject;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request objects (RFC 9101) of a client whose keys are published at its {@code jwks_uri}: verified
 * with the keys {@link ClientJwks} fetches under its server-side request rules. The https server is
 * the JDK's, on 127.0.0.1, with a certificate made by keytool.
 */
class RequestObjectJwksUriTest {

    private static final String CLIENT = "published-keys";
    private static final String CB = "https://published.example.or.id/cb";

    @TempDir
    Path dir;

    private HttpsServer https;
    private SSLContext trust;
    private final AtomicInteger fetches = new AtomicInteger();
    private final ECKey key = ParJarFixtures.ecKey("published-1");
    private URI jwksUri;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", "tls", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        jwksUri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stop() {
        https.stop(0);
    }

    private ParJarFixtures fixtures(boolean allowPrivate) {
        return new ParJarFixtures(b -> b.client(Client.publicClient(CLIENT).redirectUri(CB).scopes("profile")
                .keys(ClientKeys.remote(jwksUri)).build()).jwksUriSslContext(trust)
                .allowPrivateNetworkJwksUris(allowPrivate));
    }

    @Test
    void anObjectVerifiesWithTheKeysAtTheClientsJwksUri_rfc9101_6_2() {
        ParJarFixtures f = fixtures(true);
        String object = sign(f.claims(request(CLIENT, CB).build()).build(), key);
        AuthorizeFixtures.success(f.authorizeApproved(withObject(CLIENT, object)));
        AuthorizeFixtures.success(f.authorizeApproved(withObject(CLIENT,
                sign(f.claims(request(CLIENT, CB).build()).build(), key))));
        assertThat(fetches.get()).as("cached").isEqualTo(1);

        String forged = sign(f.claims(request(CLIENT, CB).build()).build(), ParJarFixtures.ecKey("published-1"));
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(CLIENT, forged))).error().code())
                .isEqualTo("invalid_request_object");
    }

    @Test
    void aJwksUriOnAPrivateAddressIsNotFetchedUnlessAllowed() {
        ParJarFixtures f = fixtures(false);
        String object = sign(f.claims(request(CLIENT, CB).build()).build(), key);
        AuthorizeResult.ErrorPage page = AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(CLIENT, object)));
        assertThat(page.error().code()).isEqualTo("invalid_request_object");
        assertThat(page.status()).isEqualTo(400);
        assertThat(fetches.get()).isZero();
    }
}

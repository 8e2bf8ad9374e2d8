package id.nu.oauth.core;

import static id.nu.oauth.core.LogoutFixtures.RP;
import static id.nu.oauth.core.LogoutFixtures.RP_CB;
import static id.nu.oauth.core.LogoutFixtures.RP_SIGNED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.SecretHash;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-Channel Logout 1.0 §2.5 to an {@code https} {@code backchannel_logout_uri} whose certificate is
 * self-signed: delivered when the host trusts it with {@code backChannelLogoutSslContext}; otherwise
 * the server fails closed: no logout token leaves, a WARN line says why, and the user's logout
 * itself succeeds as usual. Certificate checks are never turned off: a context trusting another
 * certificate delivers nothing either.
 */
class BackChannelLogoutTlsTest {

    @TempDir
    Path dir;

    private HttpsServer receiver;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private SSLContext trustsReceiver;
    private LogoutFixtures f;

    @BeforeEach
    void startHttpsReceiver() throws Exception {
        KeyStore keys = selfSigned(dir.resolve("receiver.p12"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        trustsReceiver = trusting(keys);
        receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        receiver.createContext("/rp/backchannel", exchange -> {
            calls.incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (String pair : body.split("&")) {
                    if (pair.startsWith("logout_token=")) {
                        received.add(URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8));
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        receiver.stop(0);
    }

    @Test
    void aTrustedSelfSignedReceiverGetsTheLogoutToken_backChannelLogout1_0Section2_5() throws Exception {
        f = fixtures(b -> b.backChannelLogoutSslContext(trustsReceiver));
        AuthenticatedUser alice = alice();

        LogoutResult result = f.logout(alice, "id_token_hint", f.login(RP, alice).idToken());

        assertThat(result).isInstanceOf(LogoutResult.LoggedOut.class);
        String token = received.poll(10, TimeUnit.SECONDS);
        assertThat(token).as("the logout token reached the https receiver").isNotNull();
        LogoutTokenClaimsSet claims = f.validate(token, RP); // §2.6, with Nimbus
        assertThat(claims.getSessionID().getValue()).isEqualTo("login-tls-1");
    }

    @Test
    void withoutTrustNothingIsDeliveredAWarningIsLoggedAndTheUserStillLogsOut() throws Exception {
        // the JDK's default trust store does not hold the self-signed certificate
        String log = capturingStderr(() -> {
            f = fixtures(b -> b.backChannelLogoutRetries(1, Duration.ofMillis(10)));
            AuthenticatedUser alice = alice();
            LogoutResult result = f.logout(alice, "id_token_hint", f.login(RP, alice).idToken(),
                    "post_logout_redirect_uri", RP_SIGNED_OUT);
            assertThat(result).isInstanceOf(LogoutResult.LoggedOut.class); // no exception reaches the user
        }, "gave up");

        assertThat(log).contains("WARN").contains("back-channel logout to client " + RP + " failed (TLS")
                .contains("backChannelLogoutSslContext").doesNotContain("\tat "); // one line, no stack trace
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(calls.get()).as("the handshake failed before any request").isZero();
    }

    @Test
    void aContextTrustingAnotherCertificateDeliversNothingEither() throws Exception {
        SSLContext other = trusting(selfSigned(dir.resolve("other.p12")));
        String log = capturingStderr(() -> {
            f = fixtures(b -> b.backChannelLogoutSslContext(other).backChannelLogoutRetries(1, Duration.ofMillis(10)));
            AuthenticatedUser alice = alice();
            assertThat(f.logout(alice, "id_token_hint", f.login(RP, alice).idToken()))
                    .isInstanceOf(LogoutResult.LoggedOut.class);
        }, "gave up");

        assertThat(log).contains("WARN").contains("failed (TLS");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(calls.get()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** The {@link LogoutFixtures} server with {@code RP}'s back channel at the https receiver. */
    private LogoutFixtures fixtures(Consumer<AuthorizationServer.Builder> more) throws Exception {
        URI backchannel = URI.create("https://127.0.0.1:" + receiver.getAddress().getPort() + "/rp/backchannel");
        return new LogoutFixtures(b -> {
            b.client(Client.confidential(RP, SecretHash.of(OidcFixtures.WEB_SECRET)).name("Logout RP")
                    .redirectUri(RP_CB).scopes("openid", "profile")
                    .logout(new ClientLogout(List.of(RP_SIGNED_OUT), backchannel)).build());
            more.accept(b);
        });
    }

    private AuthenticatedUser alice() {
        return new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("login-tls-1");
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} and waits (10 s at most) until slf4j-simple's stderr holds {@code until}. */
    private static String capturingStderr(Body body, String until) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!captured.toString(StandardCharsets.UTF_8).contains(until) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        stderr.print(log);
        return log;
    }

    /** A key store with a new self-signed certificate for 127.0.0.1, made by keytool. */
    private static KeyStore selfSigned(Path store) throws Exception {
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
        return keys;
    }

    private static SSLContext trusting(KeyStore keys) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
        return trust;
    }
}

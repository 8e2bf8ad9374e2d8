package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.SecretHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Two relying parties with logout registrations (OpenID Connect RP-Initiated Logout 1.0 §3.1,
 * Back-Channel Logout 1.0 §2.2) on the {@link OidcFixtures} server, and a back-channel receiver on
 * 127.0.0.1 that records what it is POSTed and answers what a test tells it to.
 */
final class LogoutFixtures implements AutoCloseable {

    static final String RP = "rp-logout";
    static final String RP_CB = "https://rp.example.org/logout-cb";
    static final String RP_SIGNED_OUT = "https://rp.example.org/signed-out";
    static final String RP2 = "rp-logout-2";
    static final String RP2_CB = "https://two.example.org/cb";

    /** One POST the receiver got. */
    record Received(String path, String contentType, String logoutToken) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger calls = new AtomicInteger();
    /** The status the receiver answers, per call (1-based). */
    volatile IntSupplier status = () -> 200;
    volatile Duration delay = Duration.ZERO;
    final HttpServer receiver;
    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    final OidcFixtures oidc;

    LogoutFixtures() throws IOException {
        this(b -> { });
    }

    LogoutFixtures(java.util.function.Consumer<AuthorizationServer.Builder> more) throws IOException {
        this(more, true);
    }

    /** With {@code hostExecutor} false, the engine delivers on a thread of its own. */
    LogoutFixtures(java.util.function.Consumer<AuthorizationServer.Builder> more, boolean hostExecutor)
            throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            calls.incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String token = null;
                for (String pair : body.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals("logout_token")) {
                        token = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    }
                }
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                int answer = status.getAsInt();
                if (answer == 302) {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/redirected");
                }
                if (answer / 100 == 2) {
                    received.add(new Received(exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("Content-Type"), token));
                }
                exchange.sendResponseHeaders(answer, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        receiver.setExecutor(Executors.newFixedThreadPool(2));
        receiver.start();
        SecretHash secret = SecretHash.of(OidcFixtures.WEB_SECRET);
        oidc = OidcFixtures.create(b -> {
            b.client(Client.confidential(RP, secret).name("Logout RP").redirectUri(RP_CB).scopes("openid", "profile")
                    .logout(new ClientLogout(List.of(RP_SIGNED_OUT, "https://rp.example.org/bye?from=op"),
                            URI.create("http://127.0.0.1:" + port() + "/rp/backchannel")))
                    .build());
            b.client(Client.confidential(RP2, secret).name("Second RP").redirectUri(RP2_CB).scopes("openid")
                    .logout(new ClientLogout(List.of(), URI.create("http://127.0.0.1:" + port() + "/rp2/backchannel")))
                    .build());
            if (hostExecutor) {
                b.backChannelLogoutExecutor(executor);
            }
            b.backChannelLogoutTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .backChannelLogoutRetries(4, Duration.ofMillis(50));
            more.accept(b);
        });
    }

    int port() {
        return receiver.getAddress().getPort();
    }

    AuthorizationServer server() {
        return oidc.server;
    }

    /** The code flow for one of this fixture's clients, as {@code user}. */
    OidcFixtures.Tokens login(String clientId, AuthenticatedUser user) {
        String cb = clientId.equals(RP) ? RP_CB : RP2_CB;
        AuthorizeResult result = server().authorize(AuthorizeRequest.of(Params.singleValued(OidcFixtures.form(
                "response_type", "code", "client_id", clientId, "redirect_uri", cb, "scope", "openid",
                "state", "s")), user).withConsent(ConsentDecision.APPROVED));
        String code = OidcFixtures.codeFrom(result);
        return OidcFixtures.tokens(server().token(EndpointRequest.of(OidcFixtures.form("grant_type",
                "authorization_code", "code", code, "redirect_uri", cb),
                OidcFixtures.basic(clientId, OidcFixtures.WEB_SECRET))));
    }

    EndpointResponse refresh(String clientId, String refreshToken) {
        return server().token(EndpointRequest.of(OidcFixtures.form("grant_type", "refresh_token", "refresh_token",
                refreshToken), OidcFixtures.basic(clientId, OidcFixtures.WEB_SECRET)));
    }

    LogoutResult logout(AuthenticatedUser user, String... parameters) {
        return server().endSession(LogoutRequest.of(Params.singleValued(OidcFixtures.form(parameters)), user));
    }

    /** The next logout token the receiver got, within ten seconds. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a logout token reached the back channel").isNotNull();
        return r;
    }

    /**
     * Back-Channel Logout 1.0 §2.6 with Nimbus: typ logout+jwt required, signature by a published
     * key, iss, aud, iat, jti, events, sub or sid, and no nonce.
     */
    LogoutTokenClaimsSet validate(String logoutToken, String clientId) throws Exception {
        LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(OidcFixtures.ISSUER),
                new ClientID(clientId), true,
                new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256,
                        new ImmutableJWKSet<>(oidc.jwks())), null);
        return validator.validate(JWTParser.parse(logoutToken));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        receiver.stop(0);
    }
}

package id.nu.oauth.bench.failover;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The clients of the failover run, over HTTP (JDK {@link HttpClient}, HTTP/1.1, keep-alive): virtual
 * users of {@value FailoverNode#GRACE_CLIENT} and {@value FailoverNode#STRICT_CLIENT} (half each) that
 * authorize (PKCE S256), redeem the code and refresh their rotating refresh token a few times, over
 * and over; and one service client that gets RFC 9068 JWT access tokens and checks each one's
 * {@code kid} against the JWK set of the node that signed it. Requests and responses are built and
 * parsed with Nimbus.
 *
 * <p>Routing, as a load balancer would: node A first ({@code a-first}) or the two in turn
 * ({@code round-robin}), node B while A is down. A request A refuses (connection refused: never
 * delivered) goes to B and is not a loss. A request that was sent to A and got no answer (reset,
 * EOF, timeout) is a <b>lost response</b>: in doubt, it may or may not have committed. The client
 * retries it once at node B, and the outcome is counted per kind.
 */
final class ClientDriver {

    enum Op { AUTHORIZE, EXCHANGE, REFRESH, SIGN }

    /** Where requests go: A while it is up, else B. */
    static final class Routes {
        volatile URI a;
        volatile URI b;
        final boolean aFirst;
        final AtomicLong turn = new AtomicLong();

        Routes(boolean aFirst) {
            this.aFirst = aFirst;
        }

        URI pick() {
            URI up = a;
            if (up == null) {
                return b;
            }
            return aFirst || (turn.getAndIncrement() & 1) == 0 ? up : b;
        }
    }

    /** What one attempt gave: a response, a refusal (never delivered), or a lost response. */
    private record Attempt(int status, String body, String location, boolean refused, boolean lost) {
        static Attempt refusedOne() {
            return new Attempt(0, null, null, true, false);
        }

        static Attempt lostOne() {
            return new Attempt(0, null, null, false, true);
        }
    }

    /** Counters, by kind of operation and outcome. */
    static final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        final List<Long> retryMillis = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

        void add(String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        long get(String key) {
            LongAdder a = counts.get(key);
            return a == null ? 0 : a.sum();
        }

        void unexpected(String what) {
            add("unexpected");
            if (unexpected.size() < 20) {
                unexpected.add(what);
            }
        }
    }

    /** A JWT the service client received, with where it came from. */
    record Signed(String jwt, String kid, String node, long atNanos) {
    }

    final Routes routes;
    final Tally tally = new Tally();
    /** Operations in flight at node A now, by id. */
    final Map<Long, Op> inFlightAtA = new ConcurrentHashMap<>();
    /** Every token a client received (access and refresh), to check against the store afterwards. */
    final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    /** Successful redemptions per code (must never exceed 1). */
    final Map<String, AtomicInteger> redemptions = new ConcurrentHashMap<>();
    final List<Signed> signed = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();
    private final DataSource database;
    private final String serviceSecret;
    private final Map<URI, JWKSet> jwks = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    ClientDriver(Routes routes, DataSource database, String serviceSecret) {
        this.routes = routes;
        this.database = database;
        this.serviceSecret = serviceSecret;
    }

    void stop() {
        running = false;
    }

    // ---- the virtual users

    /** One virtual user's loop: code flow, then {@code refreshes} refreshes, again. */
    Runnable user(int index, int refreshes, long seed) {
        String clientId = index % 2 == 0 ? FailoverNode.GRACE_CLIENT : FailoverNode.STRICT_CLIENT;
        String subject = "user-" + index;
        return () -> {
            HttpClient http = client();
            Random random = new Random(seed);
            while (running) {
                try {
                    AccessTokenResponse tokens = codeFlow(http, clientId, subject);
                    for (int i = 0; tokens != null && i < refreshes && running; i++) {
                        Thread.sleep(random.nextInt(20));
                        tokens = refresh(http, clientId, tokens);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    tally.unexpected(clientId + ": " + e);
                }
            }
        };
    }

    private AccessTokenResponse codeFlow(HttpClient http, String clientId, String subject) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Function<URI, HttpRequest> authorize = node -> HttpRequest.newBuilder(new AuthorizationRequest.Builder(
                        new ResponseType(ResponseType.Value.CODE), new ClientID(clientId))
                .endpointURI(URI.create(node + "/api/oauth/authorize"))
                .redirectionURI(URI.create(FailoverNode.REDIRECT))
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .state(new State())
                .build().toURI())
                .header(FailoverNode.USER_HEADER, subject).GET().timeout(Duration.ofSeconds(20)).build();
        Attempt a = withRetry(http, Op.AUTHORIZE, authorize);
        if (a.status != 302 || a.location == null || !a.location.startsWith(FailoverNode.REDIRECT)) {
            tally.unexpected("authorize " + a.status + " " + a.body);
            return null;
        }
        AuthorizationCode code = AuthorizationResponse.parse(URI.create(a.location)).toSuccessResponse()
                .getAuthorizationCode();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, URI.create(FailoverNode.REDIRECT), verifier);
        Function<URI, HttpRequest> exchange = node -> token(node, new TokenRequest(
                URI.create(node + "/api/oauth/token"), new ClientID(clientId), grant).toHTTPRequest());
        long id = ids.incrementAndGet();
        URI node = routes.pick();
        long t0 = System.nanoTime();
        Attempt first = send(http, Op.EXCHANGE, node, exchange, id);
        if (first.refused) {
            tally.add("exchange.refused-rerouted");
            first = send(http, Op.EXCHANGE, routes.b, exchange, id);
        }
        if (!first.lost) {
            return tokens(first, "exchange", code.getValue());
        }
        tally.add("exchange.lost");
        Attempt retry = send(http, Op.EXCHANGE, routes.b, exchange, id);
        if (retry.status == 200) {
            tally.add("exchange.lost.retry-200");
            tally.retryMillis.add((System.nanoTime() - t0) / 1_000_000);
            return tokens(retry, "exchange", code.getValue());
        }
        if (retry.status == 400 && "invalid_grant".equals(error(retry))) {
            // the lost request had consumed the code: the retry is a replay (RFC 6749 §4.1.2), which
            // revokes whatever the lost response held; the user must authorize again
            tally.add("exchange.lost.retry-invalid_grant");
            return null;
        }
        tally.unexpected("exchange retry " + retry.status + " " + retry.body);
        return null;
    }

    private AccessTokenResponse refresh(HttpClient http, String clientId, AccessTokenResponse tokens) throws Exception {
        RefreshToken refresh = tokens.getTokens().getRefreshToken();
        Function<URI, HttpRequest> request = node -> token(node, new TokenRequest(
                URI.create(node + "/api/oauth/token"), new ClientID(clientId), new RefreshTokenGrant(refresh))
                .toHTTPRequest());
        String kind = clientId.equals(FailoverNode.GRACE_CLIENT) ? "refresh.grace" : "refresh.strict";
        long id = ids.incrementAndGet();
        long t0 = System.nanoTime();
        Attempt first = send(http, Op.REFRESH, routes.pick(), request, id);
        if (first.refused) {
            tally.add(kind + ".refused-rerouted");
            first = send(http, Op.REFRESH, routes.b, request, id);
        }
        if (!first.lost) {
            return tokens(first, kind, null);
        }
        tally.add(kind + ".lost");
        Attempt retry = send(http, Op.REFRESH, routes.b, request, id);
        // whether the lost request had rotated the token before the node died: for the grace client
        // the store says (a grace reuse is counted on the rotated row); without grace the retry says it
        if (retry.status == 200) {
            tally.add(kind + ".lost.retry-200");
            if (clientId.equals(FailoverNode.GRACE_CLIENT)) {
                tally.add(kind + ".lost.retry-200.lost-one-had-" + refreshStatus(refresh.getValue()));
            }
            tally.retryMillis.add((System.nanoTime() - t0) / 1_000_000);
            return tokens(retry, kind, null);
        }
        if (retry.status == 400 && "invalid_grant".equals(error(retry))) {
            // RFC 9700 §4.14.2: the rotated token came again, the whole grant is revoked
            tally.add(kind + ".lost.retry-invalid_grant-grant-revoked");
            return null;
        }
        tally.unexpected(kind + " retry " + retry.status + " " + retry.body);
        return null;
    }

    private AccessTokenResponse tokens(Attempt a, String kind, String code) throws Exception {
        if (a.status >= 500) {
            tally.add("5xx");
            tally.unexpected(kind + " " + a.status + " " + a.body);
            return null;
        }
        if (a.status != 200) {
            tally.unexpected(kind + " " + a.status + " " + a.body);
            return null;
        }
        tally.add(kind + ".ok");
        AccessTokenResponse tokens = AccessTokenResponse.parse(JSONObjectUtils.parse(a.body));
        delivered.add(tokens.getTokens().getAccessToken().getValue());
        if (tokens.getTokens().getRefreshToken() != null) {
            delivered.add(tokens.getTokens().getRefreshToken().getValue());
        }
        if (code != null && redemptions.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet() > 1) {
            tally.add("code.double-issued");
        }
        return tokens;
    }

    /** The stored state of a refresh token the client presented: rotated-by-grace, rotated, or active. */
    private String refreshStatus(String refresh) {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, grace_reuses FROM nuid_oauth_token WHERE token_hash = ?")) {
            ps.setString(1, hash(refresh));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "unknown-token";
                }
                // ROTATED with a grace reuse: the lost request rotated it, the retry took a reuse
                return rs.getInt(2) > 0 ? "committed" : "not-committed";
            }
        } catch (Exception e) {
            return "unreadable";
        }
    }

    // ---- the service client: JWT access tokens and the JWK set

    Runnable signer(long pauseMillis) {
        return () -> {
            HttpClient http = client();
            ClientSecretBasic basic = new ClientSecretBasic(new ClientID(FailoverNode.SERVICE_CLIENT),
                    new Secret(serviceSecret));
            while (running) {
                try {
                    Function<URI, HttpRequest> request = node -> token(node, new TokenRequest(
                            URI.create(node + "/api/oauth/token"), basic, new ClientCredentialsGrant())
                            .toHTTPRequest());
                    long id = ids.incrementAndGet();
                    URI node = routes.pick();
                    Attempt a = send(http, Op.SIGN, node, request, id);
                    if (a.refused || a.lost) {
                        tally.add(a.lost ? "sign.lost" : "sign.refused-rerouted");
                        node = routes.b;
                        a = send(http, Op.SIGN, node, request, id);
                    }
                    if (a.status != 200) {
                        tally.unexpected("client_credentials " + a.status + " " + a.body);
                        continue;
                    }
                    String jwt = AccessTokenResponse.parse(JSONObjectUtils.parse(a.body)).getTokens()
                            .getAccessToken().getValue();
                    String kid = SignedJWT.parse(jwt).getHeader().getKeyID();
                    String name = node.equals(routes.b) ? "B" : "A";
                    signed.add(new Signed(jwt, kid, name, System.nanoTime()));
                    tally.add("sign.ok." + name);
                    URI publisher = node;
                    boolean known;
                    try {
                        known = published(http, publisher, kid);
                    } catch (IOException e) {
                        // the signing node died right after answering: both nodes publish the same keys
                        tally.add("sign.jwks-read-at-B-after-kill");
                        publisher = routes.b;
                        known = published(http, publisher, kid);
                    }
                    if (!known) {
                        tally.add("sign.kid-not-in-jwks." + name);
                    }
                    if (!verifies(jwt, jwks.get(publisher))) {
                        tally.add("sign.not-verified-at-issue." + name);
                    }
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    tally.unexpected("signer: " + e);
                }
            }
        };
    }

    /** Whether the node's JWK set (cached; read again when the kid is unknown) publishes {@code kid}. */
    private boolean published(HttpClient http, URI node, String kid) throws Exception {
        JWKSet set = jwks.get(node);
        if (set != null && set.getKeyByKeyId(kid) != null) {
            return true;
        }
        set = fetchJwks(http, node);
        if (set == null) {
            return false;
        }
        jwks.put(node, set);
        return set.getKeyByKeyId(kid) != null;
    }

    JWKSet fetchJwks(HttpClient http, URI node) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/api/oauth/jwks"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JWKSet.parse(r.body()) : null;
    }

    /** Nimbus checks the RS256 signature with the key of the token's kid in {@code set}. */
    static boolean verifies(String jwt, JWKSet set) {
        try {
            SignedJWT parsed = SignedJWT.parse(jwt);
            JWK jwk = set == null ? null : set.getKeyByKeyId(parsed.getHeader().getKeyID());
            if (!(jwk instanceof RSAKey rsa)) {
                return false;
            }
            JWSVerifier verifier = new RSASSAVerifier(rsa);
            return parsed.verify(verifier);
        } catch (Exception e) {
            return false;
        }
    }

    // ---- HTTP

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest token(URI node, HTTPRequest nimbus) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node + "/api/oauth/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(nimbus.getBody()));
        String authorization = nimbus.getAuthorization();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** One request; once more at B if A refused it or lost its answer. */
    private Attempt withRetry(HttpClient http, Op op, Function<URI, HttpRequest> request) {
        long id = ids.incrementAndGet();
        Attempt a = send(http, op, routes.pick(), request, id);
        if (a.refused || a.lost) {
            tally.add(op.name().toLowerCase() + (a.lost ? ".lost" : ".refused-rerouted"));
            a = send(http, op, routes.b, request, id);
        }
        if (a.status >= 500) {
            tally.add("5xx");
        }
        return a;
    }

    private Attempt send(HttpClient http, Op op, URI node, Function<URI, HttpRequest> request, long id) {
        boolean atA = !node.equals(routes.b);
        if (atA) {
            inFlightAtA.put(id, op);
        }
        try {
            HttpResponse<String> r = http.send(request.apply(node), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                tally.add("5xx." + (atA ? "A" : "B"));
            }
            return new Attempt(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null), false,
                    false);
        } catch (IOException e) {
            if (!atA) {
                tally.unexpected(op + " at B: " + e);
                return Attempt.lostOne();
            }
            return refusal(e) ? Attempt.refusedOne() : Attempt.lostOne();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.lostOne();
        } finally {
            if (atA) {
                inFlightAtA.remove(id);
            }
        }
    }

    private static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String error(Attempt a) {
        try {
            return TokenErrorResponse.parse(JSONObjectUtils.parse(a.body)).getErrorObject().getCode();
        } catch (Exception e) {
            return "unparsable";
        }
    }

    /** SHA-256, base64url without padding: how the engine keys its token rows. */
    static String hash(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

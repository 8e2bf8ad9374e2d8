package id.nu.oauth.examples;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import id.nu.oauth.client.SecretHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.minidev.json.JSONValue;

/**
 * The demo portal as the interop tests run it: the demo's own code ({@link JettyDemo} or
 * {@link TomcatDemo}) on a free 127.0.0.1 port, over http or https ({@code --tls}), with in-memory
 * storage, the demo's DPoP nonces, and a
 * configuration (the demo's {@code --config} format) of one user and the clients the client libraries
 * act as. Secrets and the {@code private_key_jwt} key pair are made afresh for each start.
 *
 * <pre>{@code
 * try (InteropPortal portal = InteropPortal.start(InteropPortal.Container.JETTY)) {
 *     UserAgent browser = portal.userAgent();
 * }
 * }</pre>
 */
final class InteropPortal implements AutoCloseable {

    /** The containers the demo runs in. */
    enum Container {
        JETTY, TOMCAT
    }

    /**
     * The redirect URI every interop client registers, sent as registered: port 80, where nothing
     * listens (the user agent hands the redirect to the client library instead of following it). It is
     * the demo client's callback, so the demo also registers its signed-out page as each client's
     * {@code post_logout_redirect_uri}.
     */
    static final String CALLBACK = "http://127.0.0.1" + DemoClientServlet.CALLBACK_PATH;

    static final String USERNAME = "interop";
    static final String PASSWORD = "interop-password-1";
    static final String SUBJECT = "interop-0001";
    static final String EMAIL = "interop.user@example.or.id";

    /** Public, PKCE, refresh tokens rotated. */
    static final String PUBLIC_CLIENT = "interop-public";
    /** Confidential with a secret (client_secret_basic / _post), JWT access tokens (RFC 9068). */
    static final String SECRET_CLIENT = "interop-secret";
    /** A resource server (confidential): may introspect other clients' access tokens. */
    static final String RESOURCE_SERVER = "interop-rs";
    /** Confidential with a public key only: private_key_jwt (RFC 7523 §2.2). */
    static final String KEYED_CLIENT = "interop-keyed";

    private final RunningDemo demo;
    private final String clientSecret;
    private final String resourceServerSecret;
    private final ECKey keyedClientKey;
    private final UserAgent userAgent;

    /** The folder of the TLS key store, or {@code null} over plain http. */
    private final Path tlsDir;

    private InteropPortal(RunningDemo demo, String clientSecret, String resourceServerSecret, ECKey keyedClientKey,
            Path tlsDir) {
        this.demo = demo;
        this.clientSecret = clientSecret;
        this.resourceServerSecret = resourceServerSecret;
        this.keyedClientKey = keyedClientKey;
        this.tlsDir = tlsDir;
        DemoTls tls = demo.portal().tls();
        this.userAgent = new UserAgent(demo.origin(), USERNAME, PASSWORD, tls == null ? null : tls.clientContext());
    }

    /** Starts the demo in {@code container} over plain http. */
    static InteropPortal start(Container container) throws Exception {
        return start(container, false);
    }

    /**
     * Starts the demo in {@code container}, over https ({@code --tls} with a self-signed certificate
     * for 127.0.0.1 made in a temporary folder) if {@code tls}.
     */
    static InteropPortal start(Container container, boolean tls) throws Exception {
        String secret = SecretHash.generateSecret();
        String rsSecret = SecretHash.generateSecret();
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("interop-keyed-ec").generate();
        DemoConfig config = DemoConfig.parse(configJson(secret, rsSecret, key), "interop configuration");
        DemoOptions options = new DemoOptions(0, "/api", null);
        Path tlsDir = null;
        if (tls) {
            tlsDir = Files.createTempDirectory("nuid-interop-tls");
            options = options.withTls(new DemoTls.Spec(tlsDir.resolve("interop.p12"), SecretHash.generateSecret()));
        }
        try {
            RunningDemo demo = container == Container.JETTY ? JettyDemo.start(options, config)
                    : TomcatDemo.start(options, config);
            return new InteropPortal(demo, secret, rsSecret, key, tlsDir);
        } catch (Exception e) {
            deleteTlsDir(tlsDir);
            throw e;
        }
    }

    /**
     * The demo's certificate as a PEM file (for Node's {@code NODE_EXTRA_CA_CERTS}), or {@code null}
     * over plain http.
     */
    Path certificatePem() throws Exception {
        DemoTls tls = demo.portal().tls();
        if (tls == null) {
            return null;
        }
        Path pem = tlsDir.resolve("interop-ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(tls.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        return pem;
    }

    private static void deleteTlsDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String configJson(String secret, String rsSecret, ECKey key) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", USERNAME);
        user.put("password", PASSWORD);
        user.put("displayName", "Interop User");
        user.put("subject", SUBJECT);
        user.put("claims", Map.of("name", "Interop User", "email", EMAIL, "email_verified", true));

        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("clientId", PUBLIC_CLIENT);
        pub.put("type", "public");
        pub.put("redirectUris", List.of(CALLBACK));
        pub.put("scopes", List.of("openid", "profile", "email"));
        pub.put("refreshPolicy", "rotate");

        Map<String, Object> confidential = new LinkedHashMap<>();
        confidential.put("clientId", SECRET_CLIENT);
        confidential.put("type", "confidential");
        confidential.put("secret", secret);
        confidential.put("redirectUris", List.of(CALLBACK));
        confidential.put("scopes", List.of("openid", "profile", "email", "orders.read"));
        confidential.put("grantTypes", List.of("authorization_code", "refresh_token", "client_credentials"));
        confidential.put("accessTokenFormat", "jwt");

        Map<String, Object> rs = new LinkedHashMap<>();
        rs.put("clientId", RESOURCE_SERVER);
        rs.put("type", "confidential");
        rs.put("secret", rsSecret);
        rs.put("grantTypes", List.of("client_credentials"));
        rs.put("resourceServer", true);

        Map<String, Object> keyed = new LinkedHashMap<>();
        keyed.put("clientId", KEYED_CLIENT);
        keyed.put("type", "confidential");
        keyed.put("jwks", Map.of("keys", List.of(key.toPublicJWK().toJSONObject())));
        keyed.put("redirectUris", List.of(CALLBACK));
        keyed.put("scopes", List.of("openid", "profile", "orders.read"));
        keyed.put("grantTypes", List.of("authorization_code", "refresh_token", "client_credentials"));

        return JSONValue.toJSONString(Map.of("users", List.of(user),
                "clients", List.of(pub, confidential, rs, keyed)));
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI origin() {
        return demo.origin();
    }

    /** {@code origin + /api}. */
    URI issuer() {
        return demo.portal().issuer();
    }

    /** Where the demo sends a user after RP-initiated logout (registered for every interop client). */
    String postLogoutRedirectUri() {
        return demo.origin() + DemoClientServlet.SIGNED_OUT_PATH;
    }

    /** The demo's bearer-protected API. */
    String resource() {
        return demo.origin() + ResourceServlet.PATH;
    }

    String clientSecret() {
        return clientSecret;
    }

    String resourceServerSecret() {
        return resourceServerSecret;
    }

    /** The private key of {@link #KEYED_CLIENT}. */
    ECKey keyedClientKey() {
        return keyedClientKey;
    }

    /** The signed-in browser of this portal's user (it signs in when the portal first asks). */
    UserAgent userAgent() {
        return userAgent;
    }

    /** What the Node script needs to know of the clients (run.mjs's INTEROP_CLIENTS). */
    String nodeClients() {
        Map<String, Object> clients = new LinkedHashMap<>();
        clients.put("callback", CALLBACK);
        clients.put("postLogout", postLogoutRedirectUri());
        clients.put("resource", resource());
        clients.put("public", Map.of("id", PUBLIC_CLIENT));
        clients.put("secret", Map.of("id", SECRET_CLIENT, "secret", clientSecret));
        clients.put("rs", Map.of("id", RESOURCE_SERVER, "secret", resourceServerSecret));
        clients.put("keyed", Map.of("id", KEYED_CLIENT, "jwk", keyedClientKey.toJSONObject()));
        return JSONValue.toJSONString(clients);
    }

    @Override
    public void close() {
        try {
            demo.close();
        } finally {
            deleteTlsDir(tlsDir);
        }
    }
}

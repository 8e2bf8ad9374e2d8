package id.nu.oauth.bench.failover;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.StoredSigningKeys;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One portal node of the failover run ({@link FailoverRun} starts two, kills one with SIGKILL and
 * starts it again): Jetty 12 on 127.0.0.1, the servlet adapter at {@code /api/*}, the engine on the
 * shared PostgreSQL (HikariCP) with {@link StoredSigningKeys} rotated every few seconds, so that kills
 * land during rotations too. Both nodes have the same issuer, as two nodes behind one load balancer.
 *
 * <p>Clients: {@value #GRACE_CLIENT} (public, PKCE, rotating refresh tokens, a refresh grace window of
 * 10 s and 2 reuses), {@value #STRICT_CLIENT} (the same without a grace window: RFC 9700 §4.14.2 as
 * written) and {@value #SERVICE_CLIENT} (confidential, client_credentials, RFC 9068 JWT access tokens:
 * the signing check). The user is named by the {@code X-Bench-User} header (a benchmark's login, on
 * loopback only: no session to lose with the node).
 *
 * <p>{@code FailoverNode --jdbc URL --kek BASE64 --service-secret S [--name A] [--rotation-seconds 15]
 * [--cache-ttl-seconds 3]}; prints {@code FAILOVER-NODE <origin>} once it listens.
 */
public final class FailoverNode {

    static final URI ISSUER = URI.create("https://portal.example.or.id/api");
    static final String GRACE_CLIENT = "grace-app";
    static final String STRICT_CLIENT = "strict-app";
    static final String SERVICE_CLIENT = "service";
    static final String REDIRECT = "https://app.example.or.id/cb";
    static final String USER_HEADER = "X-Bench-User";
    static final Duration GRACE_WINDOW = Duration.ofSeconds(10);
    static final int GRACE_REUSES = 2;

    private FailoverNode() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = FailoverRun.flags(args);
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(flags.get("jdbc"));
        config.setMaximumPoolSize(8);
        config.setPoolName("node-" + flags.getOrDefault("name", "?"));
        HikariDataSource pool = new HikariDataSource(config);
        JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
        long schemaAt = System.currentTimeMillis();
        StoredSigningKeys keys = StoredSigningKeys.builder()
                .storage(storage)
                .encryptionKey(Base64.getDecoder().decode(flags.get("kek")))
                .rotationPeriod(Duration.ofSeconds(Long.parseLong(flags.getOrDefault("rotation-seconds", "15"))))
                .cacheTtl(Duration.ofSeconds(Long.parseLong(flags.getOrDefault("cache-ttl-seconds", "3"))))
                .retainRetiredKeysFor(Duration.ofHours(1))
                .build();
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(ISSUER)
                .storage(storage)
                .signingKeys(keys)
                .client(Client.publicClient(GRACE_CLIENT).name("Grace App").redirectUri(REDIRECT)
                        .scopes("profile").defaultScopes("profile").firstParty(true)
                        .refreshPolicy(RefreshPolicy.ROTATE).refreshGrace(GRACE_WINDOW, GRACE_REUSES).build())
                .client(Client.publicClient(STRICT_CLIENT).name("Strict App").redirectUri(REDIRECT)
                        .scopes("profile").defaultScopes("profile").firstParty(true)
                        .refreshPolicy(RefreshPolicy.ROTATE).build())
                .client(Client.confidential(SERVICE_CLIENT, SecretHash.of(flags.get("service-secret")))
                        .name("Service").redirectUri("https://service.example.or.id/unused").scopes("profile")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).accessTokenFormat(AccessTokenFormat.JWT).build())
                .build();
        long engineAt = System.currentTimeMillis();

        Server jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(flags.getOrDefault("port", "0")));
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Instant loginTime = Instant.now();
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server).basePath("/api")
                .userResolver(request -> {
                    String user = request.getHeader(USER_HEADER);
                    return user == null ? null : new AuthenticatedUser(user, loginTime);
                })
                .loginPage("/login").build();
        context.addServlet(new ServletHolder(OAuthEndpoints.SERVLET_NAME, endpoints.servlet()), endpoints.mapping());
        jetty.setHandler(context);
        jetty.start();
        long listeningAt = System.currentTimeMillis();
        // where a restart's time goes (ms): JVM start to main, pool and schema, keys and engine, Jetty
        System.out.println("FAILOVER-NODE-TIMES " + (mainAt - jvmStart) + " " + (schemaAt - mainAt) + " "
                + (engineAt - schemaAt) + " " + (listeningAt - engineAt));
        System.out.println("FAILOVER-NODE http://127.0.0.1:" + connector.getLocalPort());
        System.out.flush();
        jetty.join();
    }
}

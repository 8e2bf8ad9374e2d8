package id.nu.oauth.storage.jdbc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link CrashTest} kills: an engine on PostgreSQL under a load of clients that get
 * codes, redeem them, refresh and revoke, each writing what it is about to do and what it received
 * to a journal that is forced to disk after every line. The journal is what the clients know when
 * the process dies. Lines:
 *
 * <pre>
 * CODE code verifier          a code came back from authorize
 * EXCHANGING code             about to redeem it
 * TOKENS code access refresh  it was redeemed; the chain of this grant is named by its code
 * REFRESHING chain            about to refresh the chain's current refresh token
 * REFRESHED chain access refresh
 * REVOKING chain / REVOKED chain          the chain's refresh token (so its whole grant)
 * REVOKING_AT access / REVOKED_AT access  one access token
 * </pre>
 *
 * Stops by itself after a minute, in case nobody kills it.
 */
public final class CrashWorker {

    private final AuthorizationServer server;
    private final FileChannel journal;

    private CrashWorker(AuthorizationServer server, FileChannel journal) {
        this.server = server;
        this.journal = journal;
    }

    /** {@code CrashWorker <jdbc-url> <journal-file> <threads>}. */
    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://portal.example.or.id/api"))
                .storage(JdbcStorage.postgres(pool).createSchema())
                .client(Flows.mobileApp())
                .build();
        FileChannel journal = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        CrashWorker worker = new CrashWorker(server, journal);
        Instant end = Instant.now().plus(Duration.ofMinutes(1));
        int threads = Integer.parseInt(args[2]);
        Thread[] clients = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int user = t;
            clients[t] = new Thread(() -> {
                try {
                    while (Instant.now().isBefore(end)) {
                        worker.oneClient("user-" + user);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(3);
                }
            });
            clients[t].start();
        }
        for (Thread client : clients) {
            client.join();
        }
        System.exit(2); // nobody killed us: the test will notice
    }

    private void oneClient(String user) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Flows.IssuedCode code = Flows.authorize(server, user);
        write("CODE " + code.code() + " " + code.verifier().getValue());
        if (random.nextInt(5) == 0) {
            return; // a code never redeemed
        }
        write("EXCHANGING " + code.code());
        AccessTokenResponse tokens = Flows.tokens(Flows.exchange(server, code));
        String chain = code.code();
        write("TOKENS " + chain + " " + tokens.getTokens().getAccessToken().getValue() + " "
                + tokens.getTokens().getRefreshToken().getValue());
        int refreshes = random.nextInt(4);
        for (int i = 0; i < refreshes; i++) {
            write("REFRESHING " + chain);
            tokens = Flows.tokens(Flows.refresh(server, tokens.getTokens().getRefreshToken().getValue()));
            write("REFRESHED " + chain + " " + tokens.getTokens().getAccessToken().getValue() + " "
                    + tokens.getTokens().getRefreshToken().getValue());
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                write("REVOKING " + chain);
                expect200(Flows.revoke(server, tokens.getTokens().getRefreshToken()));
                write("REVOKED " + chain);
            }
            case 1 -> {
                String access = tokens.getTokens().getAccessToken().getValue();
                write("REVOKING_AT " + access);
                expect200(Flows.revoke(server, new BearerAccessToken(access)));
                write("REVOKED_AT " + access);
            }
            default -> {
                // keeps its tokens
            }
        }
    }

    private static void expect200(EndpointResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("revocation answered " + response.status());
        }
    }

    private synchronized void write(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            journal.write(bytes);
        }
        journal.force(false);
    }
}

package id.nu.oauth.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the demo keeps its OAuth state (clients, codes, grants, tokens, consents), chosen with
 * {@code --storage}: in memory (the default), in an H2 file, or in PostgreSQL through a HikariCP
 * pool. The JDBC stores create their schema when opened, and a daemon thread purges expired rows
 * once a minute in bounded batches. {@link #close()} stops the purging and closes the pool.
 *
 * <p>Only the OAuth state is stored; the portal's login sessions stay in the container's memory, so
 * after a restart users sign in again, while the tokens their apps hold keep working.
 *
 * <pre>{@code
 * Spec spec = DemoStorage.Spec.parse("h2:examples/data/nuid-demo");
 * try (DemoStorage opened = DemoStorage.open(spec, System::getenv)) {
 *     AuthorizationServer server = AuthorizationServer.builder().issuer(issuer)
 *             .storage(opened.storage()).build();
 * }
 * }</pre>
 */
final class DemoStorage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStorage.class);

    /** The environment variable with the PostgreSQL user name, when the URL carries none. */
    static final String USER_VARIABLE = "NUID_DB_USER";
    /** The environment variable with the PostgreSQL password, when the URL carries none. */
    static final String PASSWORD_VARIABLE = "NUID_DB_PASSWORD";
    /** The purge job deletes at most this many rows per statement round, and repeats while it gets as many. */
    static final int PURGE_BATCH = 1000;

    /** The kinds of storage. */
    enum Kind { MEMORY, H2, POSTGRES }

    /**
     * A parsed {@code --storage} value.
     *
     * @param kind which store
     * @param target for H2 the absolute database file path (without {@code .mv.db}); for PostgreSQL
     *     the JDBC URL; {@code null} in memory
     */
    record Spec(Kind kind, String target) {

        static final String FORMS = "memory, h2:<file-path> or postgres:<jdbc-url>";

        /** In memory, forgotten when the demo stops. */
        static final Spec MEMORY = new Spec(Kind.MEMORY, null);

        Spec {
            Objects.requireNonNull(kind, "kind");
        }

        /**
         * Reads {@code memory}, {@code h2:<file-path>} or {@code postgres:<jdbc-url>}.
         *
         * @throws IllegalArgumentException with a one-line message for anything else
         */
        static Spec parse(String value) {
            if (value.equals("memory")) {
                return MEMORY;
            }
            if (value.startsWith("h2:")) {
                String file = value.substring("h2:".length());
                if (file.isBlank()) {
                    throw new IllegalArgumentException("--storage h2: needs a file path, such as h2:examples/data/nuid-demo");
                }
                if (file.indexOf(';') >= 0) {
                    throw new IllegalArgumentException("--storage h2: takes a file path, not H2 URL settings (no ';')");
                }
                if (file.endsWith(".mv.db")) {
                    file = file.substring(0, file.length() - ".mv.db".length()); // H2 adds it itself
                }
                Path path;
                try {
                    path = Path.of(file).toAbsolutePath().normalize();
                } catch (java.nio.file.InvalidPathException e) {
                    throw new IllegalArgumentException("--storage h2: " + e.getMessage());
                }
                return new Spec(Kind.H2, path.toString());
            }
            if (value.startsWith("postgres:")) {
                String url = value.substring("postgres:".length());
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("--storage postgres: needs a JDBC URL such as "
                            + "postgres:jdbc:postgresql://127.0.0.1:5432/portal, not " + redact(url));
                }
                return new Spec(Kind.POSTGRES, url);
            }
            throw new IllegalArgumentException("--storage must be " + FORMS + ", not " + redact(value));
        }

        /** For the banner and error messages; a password in the URL is never shown. */
        String describe() {
            if (kind == Kind.MEMORY) {
                return "in memory";
            }
            if (kind == Kind.H2) {
                return "H2 file " + target + ".mv.db";
            }
            return "PostgreSQL " + redact(target);
        }
    }

    private final Spec spec;
    private final Storage storage;
    private final AutoCloseable resource;
    private final ScheduledExecutorService purger;
    private boolean closed;

    private DemoStorage(Spec spec, Storage storage, AutoCloseable resource) {
        this.spec = spec;
        this.storage = storage;
        this.resource = resource;
        this.purger = Executors.newSingleThreadScheduledExecutor(job -> {
            Thread t = new Thread(job, "nuid-demo-purge");
            t.setDaemon(true);
            return t;
        });
        purger.scheduleWithFixedDelay(this::purgeQuietly, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Opens the store: connects, creates the schema if missing, and starts the purge job.
     *
     * @param env the environment ({@code System::getenv}), for {@value #USER_VARIABLE} and
     *     {@value #PASSWORD_VARIABLE}
     * @throws StorageException with a one-line message if the database cannot be used
     */
    static DemoStorage open(Spec spec, UnaryOperator<String> env) throws StorageException {
        if (spec.kind() == Kind.MEMORY) {
            return new DemoStorage(spec, InMemoryStorage.create(Clock.systemUTC()), () -> { });
        }
        if (spec.kind() == Kind.H2) {
            return openH2(spec);
        }
        return openPostgres(spec, env);
    }

    private static DemoStorage openH2(Spec spec) throws StorageException {
        JdbcDataSource h2 = new JdbcDataSource();
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the file while the container may
        // still be answering; the demo's hook closes it instead, after the container has stopped.
        h2.setURL("jdbc:h2:file:" + spec.target() + ";DB_CLOSE_ON_EXIT=FALSE");
        // An embedded H2 database is open while a connection to it is: hold one for the demo's life,
        // so requests do not reopen the file, and closing it at the end closes the database cleanly.
        Connection keepOpen;
        try {
            keepOpen = h2.getConnection();
        } catch (SQLException e) {
            throw new StorageException("cannot open the " + spec.describe() + ": " + firstLine(e), e);
        }
        try {
            return new DemoStorage(spec, JdbcStorage.h2(h2).createSchema(), keepOpen);
        } catch (RuntimeException e) {
            closeQuietly(keepOpen);
            throw new StorageException("cannot create the tables in the " + spec.describe() + ": " + firstLine(e), e);
        }
    }

    private static DemoStorage openPostgres(Spec spec, UnaryOperator<String> env) throws StorageException {
        String user = env.apply(USER_VARIABLE);
        String password = env.apply(PASSWORD_VARIABLE);
        // Try the database once with the driver itself, so an unreachable server or a wrong password
        // is one clear line rather than a pool's stack trace. (The URL's own user= and password=
        // take precedence over these properties, as pgJDBC does.)
        Properties credentials = new Properties();
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        try (Connection probe = new org.postgresql.Driver().connect(spec.target(), credentials)) {
            if (probe == null) {
                throw new StorageException("the PostgreSQL driver does not accept the URL " + redact(spec.target()));
            }
        } catch (SQLException e) {
            throw new StorageException("cannot connect to " + spec.describe() + ": " + firstLine(e), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("nuid-demo");
        config.setJdbcUrl(spec.target());
        config.setDriverClassName("org.postgresql.Driver");
        if (credentials.containsKey("user")) {
            config.setUsername(credentials.getProperty("user"));
        }
        if (credentials.containsKey("password")) {
            config.setPassword(credentials.getProperty("password"));
        }
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + spec.describe() + ": " + firstLine(e), e);
        }
        try {
            return new DemoStorage(spec, JdbcStorage.postgres(pool).createSchema(), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageException("cannot create the tables in " + spec.describe() + ": " + firstLine(e), e);
        }
    }

    /** The store to hand to the {@code AuthorizationServer}. */
    Storage storage() {
        return storage;
    }

    /** What was opened. */
    Spec spec() {
        return spec;
    }

    /** Whether the OAuth state outlives the process. */
    boolean persistent() {
        return spec.kind() != Kind.MEMORY;
    }

    /**
     * What the purge job does once a minute: deletes expired rows in batches of {@value #PURGE_BATCH}
     * until a batch comes back short, so no statement holds many rows at once.
     *
     * @return how many rows it deleted
     */
    long purgeExpired(java.time.Instant now) {
        long total = 0;
        int purged;
        do {
            purged = storage.purgeExpired(now, PURGE_BATCH);
            total += purged;
        } while (purged == PURGE_BATCH);
        return total;
    }

    private void purgeQuietly() {
        try {
            purgeExpired(java.time.Instant.now());
        } catch (RuntimeException e) {
            // keep the schedule alive (an exception would cancel it); the next run tries again
            LOG.warn("purging expired OAuth rows failed, will retry in a minute: {}", firstLine(e));
        }
    }

    /** Whether the purge job is still scheduled; for the tests. */
    boolean purging() {
        return !purger.isShutdown();
    }

    /** Stops the purge job and closes the pool (or the H2 database); safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        purger.shutdownNow();
        try {
            purger.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(resource);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing the storage failed: {}", firstLine(e));
        }
    }

    /** The storage could not be opened; the message is one line, fit for the console. */
    static final class StorageException extends Exception {
        private static final long serialVersionUID = 1L;

        StorageException(String message) {
            super(message);
        }

        StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The most telling message in a chain of causes, on one line: the deepest SQL exception's (the
     * driver's own words, below the pool's or the store's wrapper), else the outermost message.
     */
    static String firstLine(Throwable e) {
        String message = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException && t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip();
        int nl = line.indexOf('\n');
        return redact(nl < 0 ? line : line.substring(0, nl).strip());
    }

    /** Hides a password in a JDBC URL or message: {@code password=secret} becomes {@code password=***}. */
    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***")
                .replaceAll("(//[^/@:\\s]+:)[^/@\\s]+@", "$1***@");
    }

    @Override
    public String toString() {
        return "DemoStorage[" + spec.kind().name().toLowerCase(Locale.ROOT) + "]";
    }
}

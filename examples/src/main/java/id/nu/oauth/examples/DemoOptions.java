package id.nu.oauth.examples;

import id.nu.oauth.core.AuthorizationServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The demo's command line:
 * {@code [--port N] [--base-path /api] [--config FILE] [--storage SPEC] [--issuer URL] [--signing-keys FILE]
 * [--tls] [--tls-keystore FILE] [--tls-password PASSWORD]}.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(new String[] {"--port", "9090", "--config", "demo-config.json",
 *         "--storage", "h2:examples/data/nuid-demo"});
 * }</pre>
 *
 * @param port the TCP port on 127.0.0.1 (0: any free port)
 * @param basePath where the OAuth endpoints are mounted
 * @param config the configuration file, or {@code null} for the built-in one
 * @param storage where the OAuth state lives
 * @param issuer the issuer identifier, or {@code null} for this node's own {@code origin + basePath}
 * @param signingKeys the JWK set file of the signing keys, or {@code null} for fresh keys in memory
 * @param tls the TLS key store to serve https with, or {@code null} for plain http
 */
record DemoOptions(int port, String basePath, Path config, DemoStorage.Spec storage, URI issuer, Path signingKeys,
        DemoTls.Spec tls) {

    static final String USAGE = """
            Options:
              --port N          TCP port on 127.0.0.1 (default 8080; 0 picks a free one)
              --base-path PATH  where the OAuth endpoints live (default /api)
              --config FILE     users and clients from a JSON file (see examples/README.md);
                                without it: the built-in demo user and demo clients
              --storage SPEC    where tokens, codes, grants and consents are kept:
                                  memory               (default) forgotten when the demo stops
                                  h2:<file-path>       an H2 database file, e.g. h2:examples/data/nuid-demo
                                  postgres:<jdbc-url>  PostgreSQL, e.g.
                                      postgres:jdbc:postgresql://127.0.0.1:5432/portal
                                    user and password in the URL (?user=..&password=..) or from the
                                    environment variables NUID_DB_USER and NUID_DB_PASSWORD
              --issuer URL      the issuer identifier (default http://127.0.0.1:<port><base-path>,
                                https://... with --tls);
                                give every node of one portal the same one, e.g. the load balancer's
                                https://portal.example.or.id/api
              --signing-keys FILE  the id_token and JWT signing keys (a private JWK set), made on
                                first use; give every node the same file so tokens verify everywhere
                                and after a restart (default: fresh keys in memory on each start)
              --tls             serve https instead of http, with a self-signed certificate for
                                127.0.0.1 and localhost made on first use and kept in
                                examples/data/demo-tls.p12 (a PKCS#12 key store)
              --tls-keystore FILE  serve https with this PKCS#12 key store (one key and its
                                certificate; made like the one of --tls when missing); implies --tls
              --tls-password PASSWORD  the key store's password (default: the environment variable
                                NUID_TLS_PASSWORD, else nuid-demo-tls)
              --help            this text""";

    DemoOptions {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(storage, "storage");
    }

    /** Plain http. */
    DemoOptions(int port, String basePath, Path config, DemoStorage.Spec storage, URI issuer, Path signingKeys) {
        this(port, basePath, config, storage, issuer, signingKeys, null);
    }

    /** Fresh signing keys in memory. */
    DemoOptions(int port, String basePath, Path config, DemoStorage.Spec storage, URI issuer) {
        this(port, basePath, config, storage, issuer, null);
    }

    /** In-memory storage and this node's own issuer. */
    DemoOptions(int port, String basePath, Path config) {
        this(port, basePath, config, DemoStorage.Spec.MEMORY, null);
    }

    /** The defaults: port 8080, base path /api, the built-in configuration, in memory. */
    static DemoOptions defaults() {
        return new DemoOptions(8080, "/api", null);
    }

    /** The issuer for a node listening at {@code origin}: {@code --issuer}, else {@code origin + basePath}. */
    URI issuerFor(URI origin) {
        return issuer != null ? issuer : URI.create(origin + basePath);
    }

    /** A command line that cannot be used; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** These options, serving https with {@code tls}. */
    DemoOptions withTls(DemoTls.Spec tls) {
        return new DemoOptions(port, basePath, config, storage, issuer, signingKeys, tls);
    }

    /** Reads the options, the TLS password from the environment if not given. */
    static DemoOptions parse(String[] args) throws UsageException {
        return parse(args, System::getenv);
    }

    /**
     * Reads the options; {@code --name value} and {@code --name=value} both work.
     *
     * @param env the environment, for {@link DemoTls#PASSWORD_ENV}
     */
    static DemoOptions parse(String[] args, Function<String, String> env) throws UsageException {
        int port = 8080;
        String basePath = "/api";
        Path config = null;
        DemoStorage.Spec storage = DemoStorage.Spec.MEMORY;
        URI issuer = null;
        Path signingKeys = null;
        boolean tls = false;
        Path tlsKeyStore = null;
        String tlsPassword = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> throw new UsageException("");
                case "--tls" -> {
                    if (value != null) {
                        throw new UsageException("--tls takes no value; give a key store with --tls-keystore FILE");
                    }
                    tls = true;
                    continue;
                }
                case "--port", "--base-path", "--config", "--storage", "--issuer", "--signing-keys", "--tls-keystore",
                        "--tls-password" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> throw new UsageException("unknown option: " + arg);
            }
            switch (name) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--port must be a number, not " + value);
                    }
                    if (port < 0 || port > 65535) {
                        throw new UsageException("--port must be between 0 and 65535");
                    }
                }
                case "--base-path" -> {
                    basePath = value.equals("/") ? "" : value;
                    if (!basePath.isEmpty() && (!basePath.matches("(/[A-Za-z0-9._~-]+)+"))) {
                        throw new UsageException("--base-path must look like /api or /sso/api, not " + value);
                    }
                    if (basePath.equals("/login") || basePath.equals("/logout") || basePath.equals(DemoClientServlet.PATH)
                            || basePath.equals(StrongClientServlet.PATH)
                            || basePath.equals("/resource")) {
                        throw new UsageException("--base-path " + value + " is taken by the demo's own pages");
                    }
                }
                case "--storage" -> {
                    try {
                        storage = DemoStorage.Spec.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--issuer" -> issuer = parseIssuer(value);
                case "--signing-keys" -> signingKeys = Path.of(value);
                case "--tls-keystore" -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--tls-keystore needs a file");
                    }
                    tlsKeyStore = Path.of(value);
                }
                case "--tls-password" -> {
                    if (value.isEmpty()) {
                        throw new UsageException("--tls-password must not be empty");
                    }
                    tlsPassword = value;
                }
                default -> config = Path.of(value);
            }
        }
        DemoTls.Spec tlsSpec = null;
        if (tls || tlsKeyStore != null) {
            if (tlsPassword == null) {
                String fromEnv = env.apply(DemoTls.PASSWORD_ENV);
                tlsPassword = fromEnv == null || fromEnv.isEmpty() ? DemoTls.DEFAULT_PASSWORD : fromEnv;
            }
            tlsSpec = new DemoTls.Spec(tlsKeyStore != null ? tlsKeyStore : DemoTls.DEFAULT_FILE, tlsPassword);
        } else if (tlsPassword != null) {
            throw new UsageException("--tls-password is for --tls or --tls-keystore");
        }
        return new DemoOptions(port, basePath, config, storage, issuer, signingKeys, tlsSpec);
    }

    private static URI parseIssuer(String value) throws UsageException {
        URI issuer;
        try {
            issuer = new URI(value);
        } catch (URISyntaxException e) {
            throw new UsageException("--issuer is not a URL: " + value);
        }
        if (issuer.getHost() == null || issuer.getRawUserInfo() != null) {
            throw new UsageException("--issuer must look like https://portal.example.or.id/api, not " + value);
        }
        try {
            AuthorizationServer.builder().issuer(issuer); // the engine's own rule (RFC 8414 §2)
        } catch (IllegalArgumentException e) {
            throw new UsageException("--issuer " + value + ": " + e.getMessage());
        }
        return issuer;
    }
}

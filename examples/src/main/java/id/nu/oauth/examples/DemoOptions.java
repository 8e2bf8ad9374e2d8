package id.nu.oauth.examples;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The demo's command line: {@code [--port N] [--base-path /api] [--config FILE]}.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(new String[] {"--port", "9090", "--config", "demo-config.json"});
 * }</pre>
 *
 * @param port the TCP port on 127.0.0.1 (0: any free port)
 * @param basePath where the OAuth endpoints are mounted
 * @param config the configuration file, or {@code null} for the built-in one
 */
record DemoOptions(int port, String basePath, Path config) {

    static final String USAGE = """
            Options:
              --port N          TCP port on 127.0.0.1 (default 8080; 0 picks a free one)
              --base-path PATH  where the OAuth endpoints live (default /api)
              --config FILE     users and clients from a JSON file (see examples/README.md);
                                without it: the built-in demo user and demo clients
              --help            this text""";

    DemoOptions {
        Objects.requireNonNull(basePath, "basePath");
    }

    /** The defaults: port 8080, base path /api, the built-in configuration. */
    static DemoOptions defaults() {
        return new DemoOptions(8080, "/api", null);
    }

    /** A command line that cannot be used; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Reads the options; {@code --name value} and {@code --name=value} both work. */
    static DemoOptions parse(String[] args) throws UsageException {
        int port = 8080;
        String basePath = "/api";
        Path config = null;
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
                case "--port", "--base-path", "--config" -> {
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
                            || basePath.equals("/resource")) {
                        throw new UsageException("--base-path " + value + " is taken by the demo's own pages");
                    }
                }
                default -> config = Path.of(value);
            }
        }
        return new DemoOptions(port, basePath, config);
    }
}

package id.nu.oauth.examples;

import java.io.IOException;
import java.net.BindException;

/**
 * What both main classes do: read the command line and the configuration, start the container,
 * print where it is, and wait. Errors are printed as one clear line, never a stack trace.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     DemoMain.run(args, "JettyDemo", JettyDemo::start);
 * }
 * }</pre>
 */
final class DemoMain {

    /** Starts a container with the portal. */
    @FunctionalInterface
    interface Starter {
        RunningDemo start(DemoOptions options, DemoConfig config) throws Exception;
    }

    private DemoMain() {
    }

    static void run(String[] args, String program, Starter starter) {
        // `mvn -q` quiets slf4j-simple through this property; the demo's own warnings (such as the one
        // for a legacy public client) should still show, so set it before anything logs.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn"); // no pool start-up chatter
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(program + ": " + e.getMessage());
            }
            System.err.println(DemoOptions.USAGE);
            exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        DemoConfig config;
        try {
            config = options.config() == null ? DemoConfig.builtIn() : DemoConfig.load(options.config());
        } catch (DemoConfig.ConfigException e) {
            System.err.println(program + ": configuration error: " + e.getMessage());
            exit(2);
            return;
        }
        RunningDemo demo;
        try {
            demo = starter.start(options, config);
        } catch (Exception e) {
            System.err.println(program + ": " + describe(e, options));
            exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "nuid-demo-stop"));
        System.out.println(demo.portal().banner());
        System.out.flush();
        try {
            demo.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            demo.close();
        }
    }

    private static String describe(Exception e, DemoOptions options) {
        if (e instanceof DemoStorage.StorageException) {
            return e.getMessage(); // already one line that names the storage
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on 127.0.0.1:" + options.port() + " (" + t.getMessage()
                        + "); is another server using it? Choose another port with --port";
            }
        }
        if (e instanceof IllegalArgumentException || e instanceof IOException) {
            return "cannot start: " + e.getMessage();
        }
        return "cannot start: " + e;
    }

    private static void exit(int status) {
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}

package id.nu.oauth.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo's TLS key store ({@code --tls}, {@code --tls-keystore FILE}): a PKCS#12 file with one
 * private key and its certificate. When the file does not exist it is made on first use with a
 * self-signed certificate for {@code 127.0.0.1} and {@code localhost} (SubjectAltName
 * {@code IP:127.0.0.1, DNS:localhost}), readable by its owner only, and read again on every later
 * start, so a client that trusted it once keeps trusting it.
 *
 * <p>The JDK has no public API that makes certificates, so the file is made by the JDK's own
 * {@code keytool} ({@code java.home/bin/keytool -genkeypair -ext san=ip:127.0.0.1,dns:localhost}), run
 * as a child process; the password reaches it through its environment ({@code -storepass:env}), never
 * on a command line, and is never logged.
 *
 * <p>The demo client in the same process trusts exactly this certificate: {@link #clientContext()}
 * is an {@link SSLContext} whose trust store holds it, so certificate and host name verification stay
 * on.
 *
 * <pre>{@code
 * DemoTls tls = DemoTls.loadOrCreate(new DemoTls.Spec(Path.of("examples/data/demo-tls.p12"), "secret"));
 * HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
 * }</pre>
 */
final class DemoTls {

    /** Where {@code --tls} keeps the key store (relative to where the demo runs: the repository root). */
    static final Path DEFAULT_FILE = Path.of("examples", "data", "demo-tls.p12");
    /** The environment variable read for the key store's password when {@code --tls-password} is not given. */
    static final String PASSWORD_ENV = "NUID_TLS_PASSWORD";
    /**
     * The password when neither {@code --tls-password} nor {@link #PASSWORD_ENV} gives one: it only
     * guards the demo's own loopback certificate, in a file only its owner can read.
     */
    static final String DEFAULT_PASSWORD = "nuid-demo-tls";
    static final String ALIAS = "nuid-demo";
    private static final String KEYTOOL_PASSWORD_ENV = "NUID_DEMO_KEYTOOL_STOREPASS";

    /** The SSL contexts the demo clients of running portals trust, by the portal's origin. */
    private static final Map<URI, SSLContext> CLIENT_CONTEXTS = new ConcurrentHashMap<>();

    /**
     * Which key store to use, and its password.
     *
     * @param keyStore the PKCS#12 file, made when missing
     * @param password its password (never shown by {@link #toString()})
     */
    record Spec(Path keyStore, String password) {
        Spec {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Spec[keyStore=" + keyStore + ", password=***]";
        }
    }

    private final Path file;
    private final KeyStore keyStore;
    private final String password;
    private final String alias;
    private final X509Certificate certificate;
    private final boolean created;

    private DemoTls(Path file, KeyStore keyStore, String password, String alias, X509Certificate certificate,
            boolean created) {
        this.file = file;
        this.keyStore = keyStore;
        this.password = password;
        this.alias = alias;
        this.certificate = certificate;
        this.created = created;
    }

    /**
     * The key store {@code spec} names, made with a new self-signed certificate when the file does not
     * exist.
     *
     * @throws IllegalArgumentException with a one-line message naming the file (never the password)
     */
    static DemoTls loadOrCreate(Spec spec) {
        Path file = spec.keyStore().toAbsolutePath().normalize();
        boolean created = false;
        try {
            if (!Files.exists(file)) {
                created = create(file, spec.password());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--tls-keystore " + file + ": cannot make it (" + e.getMessage() + ")", e);
        }
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(file)) {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, spec.password().toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("--tls-keystore " + file + ": wrong password; give it with "
                        + "--tls-password or in the environment variable " + PASSWORD_ENV, e);
            }
            throw new IllegalArgumentException("--tls-keystore " + file + ": cannot read it as a PKCS#12 key store ("
                    + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore " + file + ": not a usable PKCS#12 key store ("
                    + e.getMessage() + ")", e);
        }
        try {
            List<String> keys = Collections.list(keyStore.aliases()).stream().filter(a -> isKey(keyStore, a)).toList();
            if (keys.size() != 1) {
                throw new IllegalArgumentException("--tls-keystore " + file + ": it must hold exactly one private key"
                        + " with its certificate, not " + keys.size());
            }
            String alias = keys.get(0);
            Certificate[] chain = keyStore.getCertificateChain(alias);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                throw new IllegalArgumentException("--tls-keystore " + file + ": the key " + alias
                        + " has no X.509 certificate");
            }
            keyStore.getKey(alias, spec.password().toCharArray()); // the key opens with the same password
            return new DemoTls(file, keyStore, spec.password(), alias, certificate, created);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("--tls-keystore " + file + ": its key needs another password than "
                    + "the key store; the demo needs one password for both", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore keyStore, String alias) {
        try {
            return keyStore.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Runs {@code keytool -genkeypair} into an owner-only temporary folder next to {@code file}, then
     * moves the key store into place; false if another demo made the file meanwhile.
     */
    private static boolean create(Path file, String password) throws IOException {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("this Java runtime has no keytool at " + keytool
                    + "; make the key store with keytool elsewhere and give it with --tls-keystore");
        }
        Path work = Files.createTempDirectory(parent, ".demo-tls"); // rwx------ on POSIX
        Path made = work.resolve("keystore.p12");
        try {
            ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
                    "-dname", "CN=127.0.0.1, OU=nuid-oauth demo (self-signed)",
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
                    "-storetype", "PKCS12", "-keystore", made.toString(),
                    "-storepass:env", KEYTOOL_PASSWORD_ENV)
                    .redirectErrorStream(true);
            builder.environment().put(KEYTOOL_PASSWORD_ENV, password);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within 60 seconds");
            }
            if (process.exitValue() != 0 || !Files.exists(made)) {
                throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.lines()
                        .findFirst().orElse(""));
            }
            try {
                Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the temporary folder is the owner's
            }
            try {
                Files.createLink(file, made); // fails if the file exists: never overwrite another demo's store
                return true;
            } catch (FileAlreadyExistsException anotherDemoWasFirst) {
                return false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(made, file);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } finally {
            Files.deleteIfExists(made);
            Files.deleteIfExists(work);
        }
    }

    /** The key store file, as an absolute path. */
    Path file() {
        return file;
    }

    /** The loaded key store. */
    KeyStore keyStore() {
        return keyStore;
    }

    /** The key store's (and its key's) password, for the container's TLS setup; never print it. */
    String password() {
        return password;
    }

    /** The alias of the server's key in the key store. */
    String alias() {
        return alias;
    }

    /** The server's certificate. */
    X509Certificate certificate() {
        return certificate;
    }

    /** Whether this start made the key store (false: it was there already). */
    boolean created() {
        return created;
    }

    /** The certificate's SHA-256 fingerprint, as {@code AB:CD:…}. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /**
     * A client-side {@link SSLContext} that trusts this certificate (and nothing else): what the demo
     * client uses to call its own portal. Host names are still checked against the certificate.
     */
    SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a trust store of the demo's certificate", e);
        }
    }

    /** Lets the demo client of the portal at {@code origin} trust this certificate. */
    void trustFor(URI origin) {
        CLIENT_CONTEXTS.put(origin, clientContext());
    }

    /** Undoes {@link #trustFor} when the portal at {@code origin} closes. */
    static void forget(URI origin) {
        CLIENT_CONTEXTS.remove(origin);
    }

    /**
     * The {@link SSLContext} for a client of the portal at {@code origin}: the one that trusts its
     * certificate when it serves https ({@link #trustFor}), else the JDK's default.
     */
    static SSLContext clientContextFor(URI origin) {
        SSLContext context = CLIENT_CONTEXTS.get(origin);
        if (context != null) {
            return context;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}

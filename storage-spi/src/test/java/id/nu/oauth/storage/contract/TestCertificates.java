package id.nu.oauth.storage.contract;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for mutual-TLS tests (RFC 8705), made with the JDK's own {@code keytool}: a test CA,
 * two client certificates it issued (one with every kind of subject alternative name), a
 * self-signed client certificate, and a server certificate for 127.0.0.1. Each PKCS#12 store holds
 * one key and its chain; {@link #trustStore()} holds the CA and the self-signed certificate. Shared
 * by the engine's and the servlet adapter's mutual-TLS tests.
 */
public final class TestCertificates {

    public static final char[] PASSWORD = "changeit".toCharArray();
    public static final String PKI_DN = "CN=bank-app, O=Bank Example, C=ID";
    public static final String OTHER_DN = "CN=other-app, O=Other Example, C=ID";

    public final Path dir;
    public final X509Certificate ca;
    public final X509Certificate pki;
    public final X509Certificate other;
    public final X509Certificate selfSigned;

    public TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", store("ca"));
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca"), "-file", file("ca.pem"));
        issue("pki", PKI_DN, "san=dns:client.bank.example,ip:10.0.0.7,ip:2001:db8::1,"
                + "uri:https://bank.example/client,email:ops@bank.example");
        issue("other", OTHER_DN, "san=dns:other.example");
        issue("server", "CN=127.0.0.1", "san=ip:127.0.0.1");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=self-signed-app", "-validity", "2", "-keystore", store("self"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store("trust"));
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", store("self"), "-file", file("self.pem"));
        keytool("-importcert", "-noprompt", "-alias", "self", "-file", file("self.pem"), "-keystore", store("trust"));
        ca = leaf("ca", "ca");
        pki = leaf("pki", "client");
        other = leaf("other", "client");
        selfSigned = leaf("self", "client");
    }

    /** A key pair signed by the CA, with its chain, under alias {@code client} in {@code name.p12}. */
    private void issue(String name, String dn, String san) throws Exception {
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dn,
                "-validity", "2", "-keystore", store(name));
        keytool("-certreq", "-alias", "client", "-keystore", store(name), "-file", file(name + ".csr"));
        keytool("-gencert", "-alias", "ca", "-keystore", store("ca"), "-infile", file(name + ".csr"),
                "-outfile", file(name + ".pem"), "-rfc", "-validity", "2", "-ext", san);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore", store(name));
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", file(name + ".pem"), "-keystore", store(name));
    }

    /** The PKCS#12 store {@code name.p12} (its key under alias {@code client}, or {@code ca}). */
    public KeyStore keyStore(String name) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    /** Only the key {@code client} of {@code name.p12}, for a TLS client that must present that one. */
    public KeyStore clientKeyStore(String name) throws Exception {
        KeyStore all = keyStore(name);
        KeyStore only = KeyStore.getInstance("PKCS12");
        only.load(null, null);
        only.setKeyEntry("client", all.getKey("client", PASSWORD), PASSWORD, all.getCertificateChain("client"));
        return only;
    }

    /** The CA and the self-signed client certificate. */
    public KeyStore trustStore() throws Exception {
        return keyStore("trust");
    }

    public Path path(String name) {
        return dir.resolve(name + ".p12");
    }

    private X509Certificate leaf(String name, String alias) throws Exception {
        return (X509Certificate) keyStore(name).getCertificate(alias);
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
        Files.createDirectories(dir);
    }
}

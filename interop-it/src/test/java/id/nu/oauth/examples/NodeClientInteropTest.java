package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The demo portal, on Jetty and on Tomcat, driven by panva's <b>oauth4webapi</b> and <b>openid-client</b>
 * (the versions pinned in {@code interop-it/node/package-lock.json}) as a relying party: {@code node
 * node/run.mjs <issuer>} runs every case, each validated by the library itself, and this test is the
 * user agent (sign-in, consent, redirects) and checks each case's outcome as a test of its own. The
 * cases and the RFC sections they check are in {@code run.mjs}.
 */
class NodeClientInteropTest {

    /** Every case run.mjs reports, in its order: a case it does not report fails too. */
    static final List<String> CASES = List.of(
            "oauth4webapi.discovery.oidc",
            "oauth4webapi.discovery.rfc8414",
            "oauth4webapi.authorize.pkce.iss",
            "oauth4webapi.authorize.wrong-iss-refused",
            "oauth4webapi.token.code",
            "oauth4webapi.id_token.signature",
            "oauth4webapi.userinfo",
            "oauth4webapi.refresh",
            "oauth4webapi.resource.bearer",
            "oauth4webapi.introspection",
            "oauth4webapi.revocation",
            "oauth4webapi.userinfo.revoked-token",
            "oauth4webapi.refresh.reuse-detected",
            "oauth4webapi.token.code-replay",
            "oauth4webapi.authorize.error-with-iss",
            "oauth4webapi.max_age.auth_time",
            "oauth4webapi.client.wrong-secret",
            "oauth4webapi.client_credentials",
            "oauth4webapi.form_post",
            "oauth4webapi.jwt_access_token",
            "oauth4webapi.dpop.private_key_jwt",
            "openid-client.code",
            "openid-client.refresh",
            "openid-client.introspection.revocation",
            "openid-client.logout",
            "openid-client.par.dpop.private_key_jwt",
            "openid-client.dpop.resource");

    private static final long TIMEOUT_SECONDS = 120;

    /** One case's outcome as run.mjs reported it. */
    record Outcome(boolean ok, String detail) {
    }

    /** One run of run.mjs: the demo in a container, over http or https. */
    record Setup(InteropPortal.Container container, boolean tls) {
        @Override
        public String toString() {
            return container.name().toLowerCase(java.util.Locale.ROOT) + (tls ? " over https" : " over http");
        }
    }

    /**
     * Jetty and Tomcat over http (the libraries told to allow it: they insist on https), and Jetty over
     * https ({@code --tls}, its certificate trusted through {@code NODE_EXTRA_CA_CERTS}) with the
     * libraries' defaults.
     */
    @TestFactory
    Stream<DynamicNode> nodeClientLibrariesAgainstTheDemo() {
        return Stream.of(new Setup(InteropPortal.Container.JETTY, false),
                new Setup(InteropPortal.Container.TOMCAT, false), new Setup(InteropPortal.Container.JETTY, true))
                .map(setup -> DynamicContainer.dynamicContainer(setup.toString(), cases(setup)));
    }

    /** Runs run.mjs against the demo (when JUnit reaches it), then one test per case. */
    private static Stream<DynamicNode> cases(Setup setup) {
        return Stream.<java.util.function.Supplier<Map<String, Outcome>>>of(() -> run(setup))
                .flatMap(run -> {
                    Map<String, Outcome> outcomes = run.get();
                    List<DynamicNode> tests = new ArrayList<>();
                    tests.add(DynamicTest.dynamicTest("reports every case and no other", () ->
                            assertThat(outcomes.keySet()).containsExactlyElementsOf(CASES)));
                    for (String name : CASES) {
                        tests.add(DynamicTest.dynamicTest(name, () -> {
                            Outcome outcome = outcomes.get(name);
                            assertThat(outcome).as("%s was not reported", name).isNotNull();
                            assertThat(outcome.ok()).as("%s: %s", name, outcome.detail()).isTrue();
                        }));
                    }
                    return tests.stream();
                });
    }

    private static Map<String, Outcome> run(Setup setup) {
        try (InteropPortal portal = InteropPortal.start(setup.container(), setup.tls())) {
            return runNode(portal);
        } catch (Exception e) {
            throw new IllegalStateException("the Node interop run on " + setup + " failed", e);
        }
    }

    /** The folder holding run.mjs and node_modules (npm ci ran there at process-test-classes). */
    static Path nodeDir() {
        Path dir = Path.of(System.getProperty("interop.node.dir", "node")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("oauth4webapi"))) {
            throw new IllegalStateException("no node_modules in " + dir + ": run `npm ci` there (the Maven build"
                    + " does it at process-test-classes)");
        }
        return dir;
    }

    private static Map<String, Outcome> runNode(InteropPortal portal) throws Exception {
        Path dir = nodeDir();
        ProcessBuilder builder = new ProcessBuilder("node", "run.mjs", portal.issuer().toString()).directory(dir.toFile());
        builder.environment().put("INTEROP_CLIENTS", portal.nodeClients());
        builder.environment().put("NODE_NO_WARNINGS", "1");
        Path ca = portal.certificatePem();
        if (ca != null) {
            builder.environment().put("NODE_EXTRA_CA_CERTS", ca.toString());
        }
        Process node = builder.start();
        StringBuilder stderr = new StringBuilder();
        Thread errors = drain(node.getErrorStream(), stderr);
        List<String> other = new ArrayList<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        boolean done = false;
        Thread watchdog = new Thread(() -> {
            try {
                if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "node-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("@@UA ")) {
                    // the library sends the user to the portal: sign in, consent, come back with the answer
                    JSONObject ask = new JSONObject(JSONObjectUtils.parse(line.substring(5)));
                    String stopAt = ask.get("stopAt") instanceof String s ? s : portal.postLogoutRedirectUri();
                    UserAgent.Answer answer = portal.userAgent().open(URI.create((String) ask.get("url")), stopAt);
                    in.write(JSONObject.toJSONString(answer.toJson()) + "\n");
                    in.flush();
                } else if (line.startsWith("@@CASE ")) {
                    Map<String, Object> c = JSONObjectUtils.parse(line.substring(7));
                    outcomes.put((String) c.get("name"), new Outcome(Boolean.TRUE.equals(c.get("ok")),
                            String.valueOf(c.get("detail"))));
                    System.out.println("[node " + portal.issuer() + "] " + line.substring(7));
                } else if (line.startsWith("@@DONE")) {
                    done = true;
                } else {
                    other.add(line);
                }
            }
        }
        boolean exited = node.waitFor(10, TimeUnit.SECONDS);
        errors.join(5_000);
        assertThat(exited).as("node did not exit").isTrue();
        assertThat(done && node.exitValue() == 0).as("node run.mjs ended early (exit %s)%nstdout: %s%nstderr: %s",
                node.exitValue(), other, stderr).isTrue();
        return outcomes;
    }

    private static Thread drain(InputStream stream, StringBuilder into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (into) {
                        into.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "node-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

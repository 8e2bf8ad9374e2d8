package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --signing-keys FILE}: the demo's signing keys survive a restart and can be shared by nodes. */
class DemoSigningKeysTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theOptionIsParsed() throws Exception {
        DemoOptions options = DemoOptions.parse(new String[] {"--signing-keys", "data/keys.json"});
        assertThat(options.signingKeys()).isEqualTo(Path.of("data/keys.json"));
        assertThat(DemoOptions.parse(new String[0]).signingKeys()).isNull();
    }

    @Test
    void aMissingFileIsCreatedWithPrivateKeysReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/signing-keys.json");
        DemoSigningKeys.loadOrCreate(file);

        JWKSet written = JWKSet.parse(Files.readString(file));
        assertThat(written.getKeys()).hasSize(2).allMatch(JWK::isPrivate);
        assertThat(written.getKeys()).extracting(k -> k.getAlgorithm().getName()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String before = Files.readString(file);
        DemoSigningKeys.loadOrCreate(file);
        assertThat(Files.readString(file)).as("an existing file is read, never replaced").isEqualTo(before);
    }

    @Test
    void unusableFilesAreRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "not json");
        assertThatThrownBy(() -> DemoSigningKeys.loadOrCreate(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a usable JWK set");

        Path made = dir.resolve("made.json");
        DemoSigningKeys.loadOrCreate(made);
        Path publicOnly = Files.writeString(dir.resolve("public.json"),
                JWKSet.parse(Files.readString(made)).toPublicJWKSet().toString());
        assertThatThrownBy(() -> DemoSigningKeys.loadOrCreate(publicOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private part");
    }

    @Test
    void theSameKeysArePublishedAfterARestart_andFreshOnesWithoutTheOption(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signing-keys.json");
        DemoOptions withFile = new DemoOptions(0, "/api", null, DemoStorage.Spec.MEMORY, null, file);
        Set<String> first = publishedKids(withFile);
        Set<String> afterRestart = publishedKids(withFile);
        Set<String> withoutFile = publishedKids(new DemoOptions(0, "/api", null));

        assertThat(first).hasSize(2).isEqualTo(afterRestart);
        assertThat(withoutFile).isNotEmpty().doesNotContainAnyElementsOf(first);
    }

    /** Starts the demo, reads the kids of GET /api/oauth/jwks, stops it. */
    private Set<String> publishedKids(DemoOptions options) throws Exception {
        try (RunningDemo demo = JettyDemo.start(options, DemoConfig.builtIn())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(demo.origin().resolve("/api/oauth/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            Set<String> kids = new TreeSet<>();
            for (JWK key : JWKSet.parse(r.body()).getKeys()) {
                assertThat(key.isPrivate()).isFalse();
                kids.add(key.getKeyID());
            }
            return kids;
        }
    }
}

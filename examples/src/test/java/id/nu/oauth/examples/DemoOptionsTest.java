package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsArePort8080AndApi() throws Exception {
        assertThat(DemoOptions.parse(new String[0])).isEqualTo(new DemoOptions(8080, "/api", null));
        assertThat(DemoOptions.defaults()).isEqualTo(new DemoOptions(8080, "/api", null));
    }

    @Test
    void bothOptionSpellingsWork() throws Exception {
        assertThat(DemoOptions.parse(new String[] {"--port", "9090", "--base-path=/sso/api", "--config", "x.json"}))
                .isEqualTo(new DemoOptions(9090, "/sso/api", Path.of("x.json")));
        assertThat(DemoOptions.parse(new String[] {"--port=0", "--base-path", "/"}).basePath()).isEmpty();
    }

    @Test
    void tlsUsesTheDefaultKeyStoreOrTheGivenOneWithThePasswordFromTheOptionTheEnvironmentOrTheDefault()
            throws Exception {
        assertThat(DemoOptions.parse(new String[0], name -> "from-env").tls()).isNull();
        assertThat(DemoOptions.parse(new String[] {"--tls"}, name -> null).tls())
                .isEqualTo(new DemoTls.Spec(Path.of("examples/data/demo-tls.p12"), "nuid-demo-tls"));
        assertThat(DemoOptions.parse(new String[] {"--tls"}, Map.of("NUID_TLS_PASSWORD", "from-env")::get).tls())
                .isEqualTo(new DemoTls.Spec(DemoTls.DEFAULT_FILE, "from-env"));
        DemoOptions given = DemoOptions.parse(new String[] {"--tls-keystore", "my.p12", "--tls-password=s3cret"},
                Map.of("NUID_TLS_PASSWORD", "from-env")::get);
        assertThat(given.tls()).isEqualTo(new DemoTls.Spec(Path.of("my.p12"), "s3cret"));
        assertThat(given.toString()).contains("my.p12").doesNotContain("s3cret");
        assertThat(DemoOptions.parse(new String[] {"--tls", "--tls-keystore", "my.p12"}, name -> null).tls().keyStore())
                .isEqualTo(Path.of("my.p12"));
        assertThat(DemoOptions.USAGE).contains("--tls ").contains("--tls-keystore FILE").contains("NUID_TLS_PASSWORD");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--tls-password", "x"}))
                .hasMessage("--tls-password is for --tls or --tls-keystore");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--tls=yes"}))
                .hasMessage("--tls takes no value; give a key store with --tls-keystore FILE");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--tls-keystore"}))
                .hasMessage("--tls-keystore needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port", "http"}))
                .hasMessage("--port must be a number, not http");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port", "70000"}))
                .hasMessage("--port must be between 0 and 65535");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--config"})).hasMessage("--config needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--verbose"})).hasMessage("unknown option: --verbose");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--base-path", "api/"}))
                .hasMessage("--base-path must look like /api or /sso/api, not api/");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--base-path", "/login"}))
                .hasMessage("--base-path /login is taken by the demo's own pages");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--help"})).hasMessage("");
    }
}

package id.nu.oauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.servlet.UserResolver;
import id.nu.oauth.storage.Storage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Every bad value of the new properties stops the start-up with a message that names the property
 * (and never shows a secret), and every good one reaches the {@code Client} or the builder.
 */
class PropertyErrorsTest {

    static final String SECRET = SecretHash.generateSecret();
    static final String SHORT_SECRET = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    static final String SHORT_TOKEN = "short-token-" + Integer.toHexString(new SecureRandom().nextInt());
    static final String JWKS = jwks(false);
    static final String PRIVATE_JWKS = jwks(true);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class))
            .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api");

    static Stream<Arguments> badValues() {
        String c = "nuid.oauth.clients.app.";
        return Stream.of(
                bad("nuid.oauth.clients.app.auth-methods", c + "auth-methods=client_secret_basic,bogus_method",
                        c + "secret=" + SECRET),
                bad("nuid.oauth.clients.app.tls-subject: set exactly one", c + "auth-methods=tls_client_auth",
                        c + "tls-subject.subject-dn=CN=app", c + "tls-subject.san-dns=app.example"),
                bad("nuid.oauth.clients.app.tls-subject", c + "auth-methods=tls_client_auth", c + "tls-subject.san-dns= "),
                bad("see .auth-methods and .tls-subject", c + "auth-methods=tls_client_auth", c + "type=confidential",
                        c + "jwks=" + JWKS),
                bad("nuid.oauth.clients.app.jwks / .jwks-uri", c + "jwks=" + JWKS,
                        c + "jwks-uri=https://app.example/jwks"),
                bad("nuid.oauth.clients.app.jwks / .jwks-uri", c + "jwks-uri=http://app.example/jwks"),
                bad("nuid.oauth.clients.app.jwks:", c + "auth-methods=private_key_jwt", c + "jwks=" + PRIVATE_JWKS,
                        c + "grant-types=client_credentials"),
                bad("nuid.oauth.clients.app.jwks:", c + "auth-methods=private_key_jwt", c + "jwks={\"no\":1}",
                        c + "grant-types=client_credentials"),
                bad("nuid.oauth.clients.app.refresh-grace", c + "type=public", c + "redirect-uris=https://app.example/cb",
                        c + "refresh-grace.window=120s"),
                bad("see .refresh-grace and .refresh-policy", c + "secret=" + SECRET,
                        c + "redirect-uris=https://app.example/cb", c + "refresh-grace.window=10s"),
                bad("see .fapi2", c + "secret=" + SECRET, c + "redirect-uris=https://app.example/cb", c + "fapi2=true"),
                bad("see .resources", c + "secret=" + SECRET, c + "grant-types=client_credentials",
                        c + "resources=not a uri#x"),
                bad("nuid.oauth.clients.app.post-logout-redirect-uris / .backchannel-logout-uri", c + "type=public",
                        c + "redirect-uris=https://app.example/cb", c + "backchannel-logout-uri=http://app.example/bc"),
                bad("nuid.oauth.clients.app.post-logout-redirect-uris", c + "type=public",
                        c + "redirect-uris=https://app.example/cb", c + "post-logout-redirect-uris=https://app.example/#x"),
                bad("see .type, .require-pkce", c + "type=public", c + "redirect-uris=https://app.example/cb",
                        c + "require-pkce=false"),
                bad("nuid.oauth.clients.app is confidential", c + "type=confidential", c + "require-dpop=true"),
                bad("nuid.oauth.clients.app.previous-secret-expires-at", c + "secret=" + SECRET,
                        c + "grant-types=client_credentials", c + "previous-secret=" + SecretHash.generateSecret()),
                bad("nuid.oauth.clients.app.previous-secret:", c + "secret=" + SecretHash.generateSecret(),
                        c + "grant-types=client_credentials", c + "previous-secret=" + SHORT_TOKEN,
                        c + "previous-secret-expires-at=2030-01-01T00:00:00Z"),
                // client_secret_jwt (RFC 7523 §2.2): the secret is sealed under the host key, so both are needed
                bad("nuid.oauth.clients.app.auth-methods names client_secret_jwt: set nuid.oauth.client-secret-encryption-key",
                        c + "auth-methods=client_secret_jwt", c + "secret=" + SECRET, c + "grant-types=client_credentials"),
                bad("nuid.oauth.clients.app.auth-methods names client_secret_jwt: give its plain .secret",
                        c + "auth-methods=client_secret_jwt", c + "secret-hash=" + SecretHash.of(SECRET).encoded(),
                        c + "grant-types=client_credentials", "nuid.oauth.client-secret-encryption-key=" + randomBase64()),
                bad("nuid.oauth.client-secret-encryption-key", "nuid.oauth.client-secret-encryption-key=" + SHORT_SECRET),
                bad("nuid.oauth.clients.app.secret:", c + "auth-methods=client_secret_jwt", c + "secret=" + SHORT_TOKEN,
                        c + "grant-types=client_credentials", "nuid.oauth.client-secret-encryption-key=" + randomBase64()),
                bad("nuid.oauth.pairwise-subject-salt", "nuid.oauth.pairwise-subject-salt=" + SHORT_SECRET),
                bad("nuid.oauth.dpop.nonce-secret", "nuid.oauth.dpop.nonce-secret=" + SHORT_SECRET),
                bad("nuid.oauth.dpop.nonce-secret is not base64", "nuid.oauth.dpop.nonce-secret=" + SHORT_TOKEN + "!"),
                bad("nuid.oauth.dynamic-registration: set either", "nuid.oauth.dynamic-registration.enabled=true"),
                bad("nuid.oauth.dynamic-registration: set either", "nuid.oauth.dynamic-registration.enabled=true",
                        "nuid.oauth.dynamic-registration.open-to-anyone=true",
                        "nuid.oauth.dynamic-registration.initial-access-tokens=" + SECRET),
                bad("nuid.oauth.dynamic-registration.initial-access-tokens", "nuid.oauth.dynamic-registration.enabled=true",
                        "nuid.oauth.dynamic-registration.initial-access-tokens=" + SHORT_TOKEN),
                bad("nuid.oauth.dynamic-registration.enabled is false",
                        "nuid.oauth.dynamic-registration.initial-access-tokens=" + SECRET),
                bad("nuid.oauth.signing.encryption-key", "nuid.oauth.signing.encryption-key=" + SHORT_SECRET),
                bad("nuid.oauth.signing.rotation-period / nuid.oauth.signing.cache-ttl",
                        "nuid.oauth.signing.encryption-key=" + randomBase64(), "nuid.oauth.signing.rotation-period=2m"),
                bad("nuid.oauth.signing.algorithms", "nuid.oauth.signing.encryption-key=" + randomBase64(),
                        "nuid.oauth.signing.algorithms=ES256"),
                bad("nuid.oauth.max-parameter-length", "nuid.oauth.max-parameter-length=10"),
                bad("nuid.oauth.max-request-body-bytes", "nuid.oauth.max-request-body-bytes=100B"),
                bad("nuid.oauth.pushed-authorization-request-lifetime",
                        "nuid.oauth.pushed-authorization-request-lifetime=1h"),
                bad("nuid.oauth.code-lifetime", "nuid.oauth.code-lifetime=1h"),
                bad("nuid.oauth.acr-values-supported", "nuid.oauth.acr-values-supported=has space"),
                bad("nuid.oauth.access-token-audience", "nuid.oauth.access-token-audience= "),
                bad("nuid.oauth.back-channel-logout.attempts", "nuid.oauth.back-channel-logout.attempts=50"),
                bad("nuid.oauth.fapi2-security-profile with nuid.oauth.id-token-signing-algorithm",
                        "nuid.oauth.fapi2-security-profile=true", "nuid.oauth.id-token-signing-algorithm=RS256"),
                bad("nuid.oauth.id-token-signing-algorithm", "nuid.oauth.id-token-signing-algorithm=HS256"),
                bad("nuid.oauth.issuer", "nuid.oauth.issuer=http://portal.example.or.id/api"));
    }

    private static Arguments bad(String expected, String... properties) {
        return Arguments.of(expected, properties);
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueStopsTheStartUpNamingThePropertyAndNoSecret(String expected, String[] properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            List<String> messages = new ArrayList<>();
            for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            assertThat(String.join("\n", messages)).contains(expected);
            for (String message : messages) {
                assertThat(message).doesNotContain(SECRET, SHORT_SECRET, SHORT_TOKEN);
            }
        });
    }

    @Test
    void aTrustedCertificateHeaderThatIsNoHeaderNameStopsTheStartUp() {
        UserResolver alice = request -> new AuthenticatedUser("alice", Instant.now());
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class))
                .withBean(UserResolver.class, () -> alice)
                .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api",
                        "nuid.oauth.trusted-client-certificate-header=X Client Cert")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("not a header name"));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class))
                .withBean(UserResolver.class, () -> alice)
                .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api",
                        "nuid.oauth.trusted-client-certificate-header=X Client Cert")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("nuid.oauth.trusted-client-certificate-header"));
    }

    @Test
    void everyClientPropertyReachesTheClient() {
        String c = "nuid.oauth.clients.bank.";
        runner.withPropertyValues(c + "auth-methods=private_key_jwt,self_signed_tls_client_auth", c + "jwks=" + JWKS,
                c + "redirect-uris=https://bank.example/cb", c + "scopes=openid,accounts", c + "fapi2=true",
                c + "require-dpop=true", c + "require-signed-requests=true", c + "certificate-bound-tokens=true",
                c + "resources=https://api.bank.example/", c + "refresh-policy=rotate",
                c + "refresh-grace.window=10s", c + "refresh-grace.max-reuses=2",
                c + "post-logout-redirect-uris=https://bank.example/bye",
                c + "backchannel-logout-uri=https://bank.example/logout", c + "disabled=true",
                "nuid.oauth.clients.dev.type=public", "nuid.oauth.clients.dev.redirect-uris=http://127.0.0.1/cb",
                "nuid.oauth.clients.dev.allow-plain-pkce=true", "nuid.oauth.clients.dev.refresh-policy=keep",
                "nuid.oauth.clients.pki.tls-subject.san-dns=client.bank.example",
                "nuid.oauth.clients.pki.auth-methods=tls_client_auth",
                "nuid.oauth.clients.pki.grant-types=client_credentials").run(context -> {
                    assertThat(context).hasNotFailed();
                    Storage storage = context.getBean(Storage.class);
                    var bank = storage.clients().find("bank").orElseThrow();
                    assertThat(bank.authMethods()).containsExactlyInAnyOrder(ClientAuthMethod.PRIVATE_KEY_JWT,
                            ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
                    assertThat(bank.keys().jwks()).isEqualTo(JWKS);
                    assertThat(bank.requirements()).isEqualTo(new ClientRequirements(true, true, true, true, true));
                    assertThat(bank.resources()).containsExactly("https://api.bank.example/");
                    assertThat(bank.refreshGrace().window()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(bank.refreshGrace().maxReuses()).isEqualTo(2);
                    assertThat(bank.logout().postLogoutRedirectUris()).containsExactly("https://bank.example/bye");
                    assertThat(bank.logout().backchannelLogoutUri()).hasToString("https://bank.example/logout");
                    assertThat(bank.disabled()).isTrue();
                    assertThat(bank.requirePkce()).isTrue();
                    var dev = storage.clients().find("dev").orElseThrow();
                    assertThat(dev.allowPlainPkce()).isTrue();
                    assertThat(dev.refreshPolicy().name()).isEqualTo("KEEP");
                    var pki = storage.clients().find("pki").orElseThrow();
                    assertThat(pki.type().name()).isEqualTo("CONFIDENTIAL");
                    assertThat(pki.tlsSubject().value()).isEqualTo("client.bank.example");
                    assertThat(pki.tlsSubject().field().metadataName()).isEqualTo("tls_client_auth_san_dns");
                });
    }

    @Test
    void theNewSecretsAreNotInToString() {
        String nonce = randomBase64();
        String key = randomBase64();
        runner.withPropertyValues("nuid.oauth.dpop.nonce-secret=" + nonce, "nuid.oauth.signing.encryption-key=" + key,
                "nuid.oauth.dynamic-registration.enabled=true",
                "nuid.oauth.dynamic-registration.initial-access-tokens=" + SECRET).run(context -> {
                    assertThat(context).hasNotFailed();
                    String shown = context.getBean(NuidOAuthProperties.class).toString();
                    assertThat(shown).doesNotContain(nonce, key, SECRET).contains("******");
                });
    }

    @Test
    void theSanitizerKnowsEverySpellingOfTheNewSecrets() {
        for (String key : List.of("nuid.oauth.dpop.nonce-secret", "nuid.oauth.dpop.nonceSecret", "NUID_OAUTH_DPOP_NONCESECRET",
                "nuid.oauth.signing.encryption-key", "nuid.oauth.signing.encryptionKey", "NUID_OAUTH_SIGNING_ENCRYPTIONKEY",
                "nuid.oauth.dynamic-registration.initial-access-tokens",
                "nuid.oauth.dynamic-registration.initial-access-tokens[0]",
                "nuid.oauth.dynamicRegistration.initialAccessTokens", "NUID_OAUTH_DYNAMICREGISTRATION_INITIALACCESSTOKENS_0",
                "nuid.oauth.clients.portal.secret", "nuid.oauth.clients.portal.previous-secret",
                "nuid.oauth.clients.portal.previousSecretHash", "nuid.oauth.pairwise-subject-salt",
                "NUID_OAUTH_PAIRWISESUBJECTSALT")) {
            assertThat(NuidOAuthActuatorAutoConfiguration.isSecret(key)).as(key).isTrue();
        }
        for (String key : List.of("nuid.oauth.dpop", "nuid.oauth.signing.algorithms", "nuid.oauth.dynamic-registration.scopes",
                "nuid.oauth.clients.portal.jwks", "nuid.oauth.issuer")) {
            assertThat(NuidOAuthActuatorAutoConfiguration.isSecret(key)).as(key).isFalse();
        }
    }

    static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String jwks(boolean withPrivate) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
            return withPrivate ? new JWKSet(key).toString(false) : new JWKSet(key.toPublicJWK()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

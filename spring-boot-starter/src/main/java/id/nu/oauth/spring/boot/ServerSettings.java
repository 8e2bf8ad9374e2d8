package id.nu.oauth.spring.boot;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ClientSecretSeal;
import id.nu.oauth.core.DynamicRegistration;
import id.nu.oauth.core.SigningAlgorithm;
import id.nu.oauth.core.StoredSigningKeys;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the server-wide {@code nuid.oauth.*} properties to the builders, one property to one builder
 * call. A value a builder refuses stops the start-up with an {@link IllegalStateException} that names the
 * property; a secret is decoded here, handed to the builder and never printed.
 */
final class ServerSettings {

    private static final String P = NuidOAuthProperties.PREFIX + ".";

    private ServerSettings() {
    }

    static void apply(NuidOAuthProperties p, AuthorizationServer.Builder b) {
        if (p.getCodeLifetime() != null) {
            named("code-lifetime", () -> b.codeLifetime(p.getCodeLifetime()));
        }
        if (p.getAccessTokenLifetime() != null) {
            named("access-token-lifetime", () -> b.accessTokenLifetime(p.getAccessTokenLifetime()));
        }
        if (p.getRefreshTokenIdleLifetime() != null) {
            named("refresh-token-idle-lifetime", () -> b.refreshTokenIdleLifetime(p.getRefreshTokenIdleLifetime()));
        }
        if (p.getRefreshTokenAbsoluteLifetime() != null) {
            named("refresh-token-absolute-lifetime",
                    () -> b.refreshTokenAbsoluteLifetime(p.getRefreshTokenAbsoluteLifetime()));
        }
        if (p.getIdTokenLifetime() != null) {
            named("id-token-lifetime", () -> b.idTokenLifetime(p.getIdTokenLifetime()));
        }
        if (p.getLegacyRefreshTokenIdleLifetime() != null) {
            named("legacy-refresh-token-idle-lifetime",
                    () -> b.legacyRefreshTokenIdleLifetime(p.getLegacyRefreshTokenIdleLifetime()));
        }
        if (p.getLegacyRefreshTokenAbsoluteLifetime() != null) {
            named("legacy-refresh-token-absolute-lifetime",
                    () -> b.legacyRefreshTokenAbsoluteLifetime(p.getLegacyRefreshTokenAbsoluteLifetime()));
        }
        if (p.isFapi2SecurityProfile()) {
            b.fapi2SecurityProfile();
        }
        b.requirePushedAuthorizationRequests(p.isRequirePushedAuthorizationRequests());
        if (p.getPushedAuthorizationRequestLifetime() != null) {
            named("pushed-authorization-request-lifetime",
                    () -> b.pushedAuthorizationRequestLifetime(p.getPushedAuthorizationRequestLifetime()));
        }
        if (p.getIdTokenSigningAlgorithm() != null) {
            b.idTokenSigningAlgorithm(p.getIdTokenSigningAlgorithm());
        }
        if (p.getAccessTokenSigningAlgorithm() != null) {
            b.accessTokenSigningAlgorithm(p.getAccessTokenSigningAlgorithm());
        }
        if (p.getAccessTokenAudience() != null) {
            named("access-token-audience", () -> b.accessTokenAudience(p.getAccessTokenAudience()));
        }
        if (!p.getAcrValuesSupported().isEmpty()) {
            named("acr-values-supported", () -> b.acrValuesSupported(p.getAcrValuesSupported().toArray(String[]::new)));
        }
        p.getScopeClaims().forEach((scope, claims) -> named("scope-claims." + scope,
                () -> b.scopeClaims(scope, claims.toArray(String[]::new))));
        b.allowPrivateNetworkJwksUris(p.isAllowPrivateNetworkJwksUris());
        if (p.getEventLogging() != null) {
            b.eventLogging(p.getEventLogging());
        }
        if (p.getMaxRequestBodyBytes() != null) {
            long bytes = p.getMaxRequestBodyBytes().toBytes();
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalStateException(P + "max-request-body-bytes: at most " + Integer.MAX_VALUE + " bytes");
            }
            named("max-request-body-bytes", () -> b.maxRequestBodyBytes((int) bytes));
        }
        if (p.getMaxParameterLength() != null) {
            named("max-parameter-length", () -> b.maxParameterLength(p.getMaxParameterLength()));
        }
        if (p.getPairwiseSubjectSalt() != null) {
            byte[] salt = base64("pairwise-subject-salt", p.getPairwiseSubjectSalt());
            named("pairwise-subject-salt", () -> b.pairwiseSubjects(salt));
        }
        if (p.getClientSecretEncryptionKey() != null) {
            byte[] key = base64("client-secret-encryption-key", p.getClientSecretEncryptionKey());
            named("client-secret-encryption-key", () -> b.clientSecretEncryptionKey(key));
        }
        String nonceSecret = p.getDpop().getNonceSecret();
        if (nonceSecret != null) {
            byte[] secret = base64("dpop.nonce-secret", nonceSecret);
            named("dpop.nonce-secret", () -> b.dpopNonces(secret));
        }
        dynamicRegistration(p.getDynamicRegistration(), b);
        NuidOAuthProperties.BackChannelLogout logout = p.getBackChannelLogout();
        if (logout.getConnectTimeout() != null || logout.getReadTimeout() != null) {
            named("back-channel-logout.connect-timeout / .read-timeout", () -> b.backChannelLogoutTimeouts(
                    orDefault(logout.getConnectTimeout(), Duration.ofSeconds(5)),
                    orDefault(logout.getReadTimeout(), Duration.ofSeconds(10))));
        }
        if (logout.getAttempts() != null || logout.getFirstRetryDelay() != null) {
            named("back-channel-logout.attempts / .first-retry-delay", () -> b.backChannelLogoutRetries(
                    logout.getAttempts() != null ? logout.getAttempts() : 4,
                    orDefault(logout.getFirstRetryDelay(), Duration.ofSeconds(1))));
        }
    }

    private static void dynamicRegistration(NuidOAuthProperties.DynamicRegistration d, AuthorizationServer.Builder b) {
        String property = "dynamic-registration";
        boolean tokens = !d.getInitialAccessTokens().isEmpty();
        if (!d.isEnabled()) {
            if (tokens || d.isOpenToAnyone()) {
                throw new IllegalStateException(P + property + ".enabled is false: set it to true to open "
                        + "registration, or remove the initial access tokens and open-to-anyone");
            }
            return;
        }
        if (tokens == d.isOpenToAnyone()) {
            throw new IllegalStateException(P + property + ": set either " + P + property
                    + ".initial-access-tokens (from the environment) or " + P + property
                    + ".open-to-anyone=true (dangerous: anyone can register clients)");
        }
        DynamicRegistration registration = tokens
                ? named(property + ".initial-access-tokens", () -> DynamicRegistration.initialAccessTokens(
                        d.getInitialAccessTokens().toArray(String[]::new)))
                : DynamicRegistration.openToAnyone();
        DynamicRegistration scoped = named(property + ".scopes",
                () -> registration.scopes(d.getScopes().toArray(String[]::new)));
        b.dynamicRegistration(scoped);
    }

    /** The servlet side: {@code nuid.oauth.trusted-client-certificate-header}. */
    static void apply(NuidOAuthProperties p, OAuthEndpoints.Builder b) {
        if (p.getTrustedClientCertificateHeader() != null) {
            named("trusted-client-certificate-header",
                    () -> b.trustedClientCertificateHeader(p.getTrustedClientCertificateHeader()));
        }
    }

    /**
     * {@code StoredSigningKeys} from {@code nuid.oauth.signing.*}: by default for the algorithms the server
     * signs with (RS256, or ES256 under the FAPI 2.0 profile, unless configured).
     */
    static StoredSigningKeys storedSigningKeys(NuidOAuthProperties p, Storage storage) {
        NuidOAuthProperties.Signing s = p.getSigning();
        byte[] key = base64("signing.encryption-key", s.getEncryptionKey());
        StoredSigningKeys.Builder b = StoredSigningKeys.builder().storage(storage).clock(Clock.systemUTC());
        named("signing.encryption-key", () -> b.encryptionKey(key));
        Set<SigningAlgorithm> algorithms = new LinkedHashSet<>(s.getAlgorithms());
        if (algorithms.isEmpty()) {
            SigningAlgorithm fallback = p.isFapi2SecurityProfile() ? SigningAlgorithm.ES256 : SigningAlgorithm.RS256;
            algorithms.add(orDefault(p.getIdTokenSigningAlgorithm(), fallback));
            algorithms.add(orDefault(p.getAccessTokenSigningAlgorithm(), fallback));
        }
        b.algorithms(algorithms.toArray(SigningAlgorithm[]::new));
        if (s.getRotationPeriod() != null) {
            named("signing.rotation-period", () -> b.rotationPeriod(s.getRotationPeriod()));
        }
        if (s.getCacheTtl() != null) {
            named("signing.cache-ttl", () -> b.cacheTtl(s.getCacheTtl()));
        }
        if (s.getRetainRetiredKeysFor() != null) {
            named("signing.retain-retired-keys-for", () -> b.retainRetiredKeysFor(s.getRetainRetiredKeysFor()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a wrong encryption key, or a rotation period too short for the cache TTL; never the key itself
            String m = String.valueOf(e.getMessage());
            String about = m.contains("decrypt") ? "signing.encryption-key"
                    : m.contains("rotation period") ? "signing.rotation-period / " + P + "signing.cache-ttl"
                    : "signing";
            throw new IllegalStateException(P + about + ": " + m, e);
        }
    }

    /**
     * Builds the engine; a refusal that only {@code build()} can see (the FAPI 2.0 profile's algorithms,
     * the shared keys' algorithms, a client's inline JWK set) names the properties it is about.
     */
    static AuthorizationServer build(NuidOAuthProperties p, AuthorizationServer.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            String about;
            if (m.contains("FAPI 2.0")) {
                about = P + "fapi2-security-profile with " + P + "id-token-signing-algorithm / "
                        + P + "access-token-signing-algorithm";
            } else if (m.contains("StoredSigningKeys")) {
                about = P + "signing.algorithms / " + P + "signing.retain-retired-keys-for";
            } else {
                about = clientOf(p, m);
            }
            throw new IllegalStateException(about + ": " + m, e);
        }
    }

    /** {@code nuid.oauth.clients.<id>.jwks} when the message is about a client of the properties. */
    private static String clientOf(NuidOAuthProperties p, String message) {
        for (var client : p.getClients().entrySet()) {
            if (message.startsWith("client " + client.getKey() + ": ")) {
                return P + "clients." + client.getKey() + (client.getValue().getJwks() != null ? ".jwks" : "");
            }
        }
        return NuidOAuthProperties.PREFIX;
    }

    /**
     * The seal of {@code client-secret-encryption-key} for the clients that use {@code client_secret_jwt},
     * or {@code null} when the property is not set.
     */
    static ClientSecretSeal clientSecretSeal(NuidOAuthProperties p) {
        if (p.getClientSecretEncryptionKey() == null) {
            return null;
        }
        byte[] key = base64("client-secret-encryption-key", p.getClientSecretEncryptionKey());
        return named("client-secret-encryption-key", () -> ClientSecretSeal.withKey(key));
    }

    private static byte[] base64(String property, String value) {
        String v = value == null ? "" : value.trim();
        for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                byte[] bytes = decoder.decode(v);
                if (bytes.length > 0) {
                    return bytes;
                }
            } catch (IllegalArgumentException notThisAlphabet) {
                // the other alphabet, then the error below (its message would show a character of the secret)
            }
        }
        throw new IllegalStateException(P + property + " is not base64 of random bytes (such as the output of "
                + "`openssl rand -base64 32`)");
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static <T> T named(String property, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            // the builders' messages name the rule, never the value of a secret
            throw new IllegalStateException(P + property + ": " + e.getMessage(), e);
        }
    }
}

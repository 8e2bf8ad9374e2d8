package id.nu.oauth.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the server's JWS signing keys come from: the keys that sign id_tokens (OpenID Connect Core
 * 1.0 §2) and JWT access tokens (RFC 9068), and the keys whose public parts it publishes as a JWK
 * set (RFC 7517 §5) for clients and resource servers to verify them. Keys are {@link SigningKey}
 * values, which hosts read from and write to JWK JSON text.
 *
 * <p>Every key carries a {@code kid} (RFC 7515 §4.1.4) and its {@code alg}. Rotation: a new key
 * takes over signing; the key it replaces (now <em>retired</em>) must stay published until every
 * token it signed has expired. The server tells the key source how long that is
 * ({@code retention}, its longest token lifetime), so an implementation only records when each key
 * was retired. Implementations are thread-safe.
 *
 * <p>The default is {@link InMemorySigningKeys}, generated at start-up (RS256 with RSA 2048 and
 * ES256 with P-256, and the key of any other algorithm the server is configured to sign with). A
 * host with several nodes supplies the same keys to every node, e.g. loaded from its key store:
 *
 * <pre>{@code
 * InMemorySigningKeys keys = InMemorySigningKeys.fromJwkSetJson(vault.read("oauth-keys"));  // or .generate()
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .signingKeys(keys)
 *         .build();
 * keys.rotate(Instant.now());   // later: new keys sign, old ones stay in the JWK set while needed
 * }</pre>
 */
public interface SigningKeys {

    /**
     * The key that signs new tokens with {@code algorithm} at {@code now}.
     *
     * @throws IllegalStateException if there is no key for the algorithm
     */
    SigningKey signingKey(SigningAlgorithm algorithm, Instant now);

    /**
     * The keys a verifier needs at {@code now}: every key that signs, and every retired key retired
     * less than {@code retention} ago (a token it signed may still be valid). The server publishes
     * only their public parts ({@link SigningKey#toPublicJwkJson()}).
     */
    List<SigningKey> verificationKeys(Instant now, Duration retention);
}

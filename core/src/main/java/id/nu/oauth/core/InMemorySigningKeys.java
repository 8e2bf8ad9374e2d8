package id.nu.oauth.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link SigningKeys}: key pairs held in memory, one signing key per algorithm, with
 * retired keys kept until their tokens have expired. Generated keys get an RFC 7638 thumbprint as
 * {@code kid}: RS256 and PS256 keys are RSA 2048, ES256 keys are on P-256, EdDSA keys are Ed25519.
 * Generation waits until a key is first needed, so a server that never signs anything never pays
 * for it.
 *
 * <p>In-memory keys are lost on restart, and each node of a cluster would have its own: fine for a
 * single node (tokens signed before a restart stop verifying, while opaque tokens and the store are
 * unaffected); give every node the same keys otherwise, e.g. as a private JWK set that
 * {@link #toJwkSetJson()} wrote and {@link #fromJwkSetJson(String)} reads back.
 *
 * <pre>{@code
 * InMemorySigningKeys keys = InMemorySigningKeys.generate();                        // RS256 and ES256
 * InMemorySigningKeys eddsa = InMemorySigningKeys.generate(SigningAlgorithm.EdDSA);
 * InMemorySigningKeys mine = InMemorySigningKeys.fromJwkSetJson(Files.readString(keyFile));
 * Files.writeString(keyFile, keys.toJwkSetJson());                                   // private: owner-only file
 * keys.rotate(clock.instant());                                                      // new keys sign from now on
 * keys.add(SigningKey.generate(SigningAlgorithm.ES256), clock.instant());            // or hand in the successor
 * }</pre>
 */
public final class InMemorySigningKeys implements SigningKeys {

    /** A key and when it stopped signing ({@code null} while it signs). */
    private record Entry(SigningKey key, Instant retiredAt) {
    }

    private final Set<SigningAlgorithm> algorithms;
    private final List<Entry> entries = new ArrayList<>();

    private InMemorySigningKeys(Set<SigningAlgorithm> algorithms) {
        this.algorithms = Set.copyOf(algorithms);
    }

    /** Keys generated on first use for RS256 and ES256. */
    public static InMemorySigningKeys generate() {
        return generate(SigningAlgorithm.RS256, SigningAlgorithm.ES256);
    }

    /** Keys generated on first use for these algorithms (RSA 2048, P-256 or Ed25519, as each needs). */
    public static InMemorySigningKeys generate(SigningAlgorithm... algorithms) {
        Set<SigningAlgorithm> set = new LinkedHashSet<>();
        for (SigningAlgorithm algorithm : algorithms) {
            set.add(Objects.requireNonNull(algorithm, "algorithm"));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm");
        }
        return new InMemorySigningKeys(set);
    }

    /**
     * The host's own key pairs, at most one per algorithm. Rotating generates successors of the
     * same algorithms.
     */
    public static InMemorySigningKeys of(List<SigningKey> keys) {
        Set<SigningAlgorithm> set = new LinkedHashSet<>();
        for (SigningKey key : keys) {
            if (!set.add(Objects.requireNonNull(key, "key").algorithm())) {
                throw new IllegalArgumentException("one signing key per algorithm: two for " + key.algorithm());
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one key");
        }
        InMemorySigningKeys result = new InMemorySigningKeys(set);
        for (SigningKey key : keys) {
            result.entries.add(new Entry(key, null));
        }
        return result;
    }

    /**
     * The host's own key pairs from a JWK set (RFC 7517 §5) in JSON: each a private JWK with
     * {@code kid} and {@code alg}, at most one per algorithm. Reads what {@link #toJwkSetJson()} wrote.
     *
     * @throws IllegalArgumentException if it is not a JWK set, or a key is not a usable signing key
     *     (a public key alone, no {@code kid}, an algorithm the server does not sign with)
     */
    public static InMemorySigningKeys fromJwkSetJson(String json) {
        Objects.requireNonNull(json, "json");
        List<JWK> jwks;
        try {
            jwks = JWKSet.parse(json).getKeys();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
        }
        List<SigningKey> keys = new ArrayList<>();
        for (JWK jwk : jwks) {
            keys.add(SigningKey.of(jwk));
        }
        return of(keys);
    }

    /**
     * The keys that sign now, one per algorithm (generated if not yet), as a JWK set in JSON with
     * their <em>private parts</em>: for the host's secret store or a file only its owner reads,
     * so that {@link #fromJwkSetJson(String)} gives another node or the next start the same keys.
     * Retired keys are not included.
     */
    public synchronized String toJwkSetJson() {
        List<JWK> current = new ArrayList<>();
        for (SigningAlgorithm algorithm : algorithms) {
            current.add(active(algorithm).key().jwk());
        }
        return new JWKSet(current).toString(false);
    }

    @Override
    public synchronized SigningKey signingKey(SigningAlgorithm algorithm, Instant now) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!algorithms.contains(algorithm)) {
            throw new IllegalStateException("no signing key for " + algorithm);
        }
        return active(algorithm).key();
    }

    @Override
    public synchronized List<SigningKey> verificationKeys(Instant now, Duration retention) {
        for (SigningAlgorithm algorithm : algorithms) {
            active(algorithm);
        }
        // RFC 7519 §4.1.4: a token is invalid from its exp on; a key retired at t signed tokens
        // that expire by t + retention, so from then on no valid token needs it.
        entries.removeIf(e -> e.retiredAt() != null && !now.isBefore(e.retiredAt().plus(retention)));
        List<SigningKey> published = new ArrayList<>();
        for (Entry e : entries) {
            published.add(e.key());
        }
        return List.copyOf(published);
    }

    /**
     * Retires every signing key at {@code now} and generates successors that sign from now on. The
     * retired keys stay published until the tokens they signed have expired.
     */
    public synchronized void rotate(Instant now) {
        Objects.requireNonNull(now, "now");
        List<SigningAlgorithm> rotated = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.retiredAt() == null) {
                entries.set(i, new Entry(e.key(), now));
                rotated.add(e.key().algorithm());
            }
        }
        for (SigningAlgorithm algorithm : rotated) {
            entries.add(new Entry(SigningKey.generate(algorithm), null));
        }
    }

    /**
     * Makes {@code key} the signing key of its algorithm; the key it replaces retires at {@code now}.
     */
    public synchronized void add(SigningKey key, Instant now) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        SigningAlgorithm algorithm = key.algorithm();
        if (!algorithms.contains(algorithm)) {
            throw new IllegalArgumentException("this key set does not sign with " + algorithm);
        }
        for (Entry e : entries) {
            if (e.key().keyId().equals(key.keyId())) {
                throw new IllegalArgumentException("kid already in use: " + key.keyId());
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.retiredAt() == null && e.key().algorithm() == algorithm) {
                entries.set(i, new Entry(e.key(), now));
            }
        }
        entries.add(new Entry(key, null));
    }

    private Entry active(SigningAlgorithm algorithm) {
        for (Entry e : entries) {
            if (e.retiredAt() == null && e.key().algorithm() == algorithm) {
                return e;
            }
        }
        Entry fresh = new Entry(SigningKey.generate(algorithm), null);
        entries.add(fresh);
        return fresh;
    }
}

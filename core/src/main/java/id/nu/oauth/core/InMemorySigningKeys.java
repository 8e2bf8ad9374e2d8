package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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
 * {@code kid}; RS256 keys are RSA 2048, ES256 keys are on P-256. Generation waits until a key is
 * first needed, so a server that never signs anything never pays for it.
 *
 * <p>In-memory keys are lost on restart, and each node of a cluster would have its own: fine for a
 * single node (tokens signed before a restart stop verifying, while opaque tokens and the store are
 * unaffected); give every node the same keys with {@link #of(List)} otherwise.
 *
 * <pre>{@code
 * InMemorySigningKeys keys = InMemorySigningKeys.generate();            // RS256 and ES256
 * InMemorySigningKeys mine = InMemorySigningKeys.of(List.of(rsaJwk));   // the host's own key pair
 * keys.rotate(clock.instant());                                        // new keys sign from now on
 * keys.add(newEcJwk, clock.instant());                                 // or hand in the successor
 * }</pre>
 */
public final class InMemorySigningKeys implements SigningKeys {

    /** A key and when it stopped signing ({@code null} while it signs). */
    private record Entry(JWK key, JWSAlgorithm algorithm, Instant retiredAt) {
    }

    private final Set<JWSAlgorithm> algorithms;
    private final List<Entry> entries = new ArrayList<>();

    private InMemorySigningKeys(Set<JWSAlgorithm> algorithms) {
        this.algorithms = Set.copyOf(algorithms);
    }

    /** Keys generated on first use for RS256 and ES256. */
    public static InMemorySigningKeys generate() {
        return generate(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    }

    /**
     * Keys generated on first use for these algorithms: RS256 (RSA 2048) and ES256 (P-256) are
     * supported.
     */
    public static InMemorySigningKeys generate(JWSAlgorithm... algorithms) {
        Set<JWSAlgorithm> set = new LinkedHashSet<>(List.of(algorithms));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm");
        }
        for (JWSAlgorithm algorithm : set) {
            supported(algorithm);
        }
        return new InMemorySigningKeys(set);
    }

    /**
     * The host's own key pairs, each a private JWK with a {@code kid} and an {@code alg} (RS256 or
     * ES256), at most one per algorithm. Rotating generates successors of the same algorithms.
     */
    public static InMemorySigningKeys of(List<? extends JWK> keys) {
        Set<JWSAlgorithm> set = new LinkedHashSet<>();
        for (JWK key : keys) {
            JWSAlgorithm algorithm = checked(key);
            if (!set.add(algorithm)) {
                throw new IllegalArgumentException("one signing key per algorithm: two for " + algorithm);
            }
        }
        InMemorySigningKeys result = new InMemorySigningKeys(set);
        for (JWK key : keys) {
            result.entries.add(new Entry(key, checked(key), null));
        }
        return result;
    }

    @Override
    public synchronized JWK signingKey(JWSAlgorithm algorithm, Instant now) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!algorithms.contains(algorithm)) {
            throw new IllegalStateException("no signing key for " + algorithm);
        }
        return active(algorithm).key();
    }

    @Override
    public synchronized JWKSet publicKeys(Instant now, Duration retention) {
        List<JWK> published = new ArrayList<>();
        for (JWSAlgorithm algorithm : algorithms) {
            active(algorithm);
        }
        // RFC 7519 §4.1.4: a token is invalid from its exp on; a key retired at t signed tokens
        // that expire by t + retention, so from then on no valid token needs it.
        entries.removeIf(e -> e.retiredAt() != null && !now.isBefore(e.retiredAt().plus(retention)));
        for (Entry e : entries) {
            published.add(e.key().toPublicJWK());
        }
        return new JWKSet(published);
    }

    /**
     * Retires every signing key at {@code now} and generates successors that sign from now on. The
     * retired keys stay published until the tokens they signed have expired.
     */
    public synchronized void rotate(Instant now) {
        Objects.requireNonNull(now, "now");
        List<JWSAlgorithm> rotated = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.retiredAt() == null) {
                entries.set(i, new Entry(e.key(), e.algorithm(), now));
                rotated.add(e.algorithm());
            }
        }
        for (JWSAlgorithm algorithm : rotated) {
            entries.add(new Entry(newKey(algorithm), algorithm, null));
        }
    }

    /**
     * Makes {@code key} (a private JWK with {@code kid} and {@code alg}) the signing key of its
     * algorithm; the key it replaces retires at {@code now}.
     */
    public synchronized void add(JWK key, Instant now) {
        JWSAlgorithm algorithm = checked(key);
        if (!algorithms.contains(algorithm)) {
            throw new IllegalArgumentException("this key set does not sign with " + algorithm);
        }
        for (Entry e : entries) {
            if (e.key().getKeyID().equals(key.getKeyID())) {
                throw new IllegalArgumentException("kid already in use: " + key.getKeyID());
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.retiredAt() == null && e.algorithm().equals(algorithm)) {
                entries.set(i, new Entry(e.key(), algorithm, now));
            }
        }
        entries.add(new Entry(key, algorithm, null));
    }

    private Entry active(JWSAlgorithm algorithm) {
        for (Entry e : entries) {
            if (e.retiredAt() == null && e.algorithm().equals(algorithm)) {
                return e;
            }
        }
        Entry fresh = new Entry(newKey(algorithm), algorithm, null);
        entries.add(fresh);
        return fresh;
    }

    private static JWK newKey(JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .keyIDFromThumbprint(true).generate();
            }
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a " + algorithm + " key", e);
        }
    }

    private static JWSAlgorithm supported(JWSAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!JWSAlgorithm.RS256.equals(algorithm) && !JWSAlgorithm.ES256.equals(algorithm)) {
            throw new IllegalArgumentException("supported algorithms: RS256, ES256; not " + algorithm);
        }
        return algorithm;
    }

    private static JWSAlgorithm checked(JWK key) {
        Objects.requireNonNull(key, "key");
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("a signing key needs its private part");
        }
        if (key.getKeyID() == null || key.getKeyID().isEmpty()) {
            throw new IllegalArgumentException("a signing key needs a kid");
        }
        if (key.getAlgorithm() == null) {
            throw new IllegalArgumentException("a signing key names its JWS alg (RS256 or ES256)");
        }
        JWSAlgorithm algorithm = supported(JWSAlgorithm.parse(key.getAlgorithm().getName()));
        boolean fits = JWSAlgorithm.RS256.equals(algorithm)
                ? key instanceof com.nimbusds.jose.jwk.RSAKey rsa && rsa.size() >= 2048
                : key instanceof com.nimbusds.jose.jwk.ECKey ec && Curve.P_256.equals(ec.getCurve());
        if (!fits) {
            throw new IllegalArgumentException("an RS256 key is RSA of 2048 bits or more, an ES256 key is on P-256");
        }
        return algorithm;
    }
}

package id.nu.oauth.core;

import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.Objects;

/**
 * One private key pair that signs id_tokens and JWT access tokens with one
 * {@link SigningAlgorithm}, named by its {@code kid} (RFC 7515 §4.1.4). Hosts move keys in and out
 * as JWK JSON text (RFC 7517 §4), e.g. from a secret store; the value is immutable and checked
 * when made: private part, {@code kid}, an {@code alg} of {@link SigningAlgorithm} and the key type
 * that alg needs (RSA of 2048 bits or more for RS256 and PS256, P-256 for ES256, Ed25519 for EdDSA).
 *
 * <pre>{@code
 * SigningKey key = SigningKey.fromJwkJson(secretStore.read("oauth-signing-key"));   // a private JWK
 * SigningKey fresh = SigningKey.generate(SigningAlgorithm.ES256);                    // kid: RFC 7638 thumbprint
 * secretStore.write("oauth-signing-key-next", fresh.toJwkJson());                    // private: keep it secret
 * }</pre>
 *
 * <p>{@link #toString()} names the {@code kid} and algorithm only, never key material.
 */
public final class SigningKey {

    private final JWK jwk;
    private final SigningAlgorithm algorithm;

    private SigningKey(JWK jwk) {
        this.algorithm = Jose.check(jwk);
        this.jwk = jwk;
    }

    /**
     * A new key pair for {@code algorithm} (RSA 2048, P-256 or Ed25519) with {@code use: sig}, its
     * {@code alg}, and its RFC 7638 thumbprint as {@code kid}.
     */
    public static SigningKey generate(SigningAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return new SigningKey(Jose.generate(algorithm));
    }

    /**
     * The key in {@code json}, a private JWK (RFC 7517 §4) with {@code kid} and {@code alg}.
     *
     * @throws IllegalArgumentException if it is not JSON, not a JWK, or not a usable signing key
     */
    public static SigningKey fromJwkJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return new SigningKey(JWK.parse(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK: " + e.getMessage(), e);
        }
    }

    static SigningKey of(JWK jwk) {
        return new SigningKey(Objects.requireNonNull(jwk, "key"));
    }

    /** The {@code kid} that JWS headers name this key by. */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** The algorithm this key signs with (its {@code alg}). */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The whole key as a JWK JSON object, <em>private part included</em>: for the host's secret store. */
    public String toJwkJson() {
        return jwk.toJSONString();
    }

    /** The public part as a JWK JSON object, as the server publishes it in its JWK set. */
    public String toPublicJwkJson() {
        return jwk.toPublicJWK().toJSONString();
    }

    JWK jwk() {
        return jwk;
    }

    /** Equal when the keys are: the same key material, {@code kid} and parameters. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && jwk.equals(other.jwk);
    }

    @Override
    public int hashCode() {
        return jwk.hashCode();
    }

    /** {@code SigningKey[kid=…, alg=…]}: never the key material. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId() + ", alg=" + algorithm.jwsName() + "]";
    }
}

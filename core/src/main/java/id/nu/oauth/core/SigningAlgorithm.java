package id.nu.oauth.core;

/**
 * The JWS algorithms (RFC 7515 §4.1.1, {@code alg}) the server signs id_tokens (OpenID Connect Core
 * 1.0 §2) and JWT access tokens (RFC 9068) with. The engine's own type: the JOSE library it uses
 * underneath is an implementation detail, so upgrading it does not change this API.
 *
 * <pre>{@code
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .idTokenSigningAlgorithm(SigningAlgorithm.ES256)      // RS256 unless configured
 *         .accessTokenSigningAlgorithm(SigningAlgorithm.EdDSA)
 *         .build();
 * }</pre>
 *
 * <p>{@link InMemorySigningKeys#generate(SigningAlgorithm...)} and
 * {@link SigningKey#generate(SigningAlgorithm)} make the key each one needs, as listed below; a key
 * handed in must be of that kind (RSA keys may be larger).
 */
public enum SigningAlgorithm {

    /**
     * RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3) with an RSA key of 2048 bits or more; generated
     * keys are RSA 2048. The default: every OpenID Connect client must accept it (OIDC Core §15.1).
     */
    RS256,

    /**
     * RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5) with an RSA key of 2048 bits or
     * more; generated keys are RSA 2048.
     */
    PS256,

    /** ECDSA with the P-256 curve and SHA-256 (RFC 7518 §3.4); generated keys are on P-256. */
    ES256,

    /**
     * EdDSA (RFC 8037 §3.1) with an Ed25519 key ({@code kty: OKP}, {@code crv: Ed25519}); generated
     * keys are Ed25519. Signed with the JDK's own Ed25519 (Java 15 and later), no further library.
     */
    EdDSA;

    /** The {@code alg} value of this algorithm in a JWS header and a JWK (RFC 7518 §3.1, RFC 8037 §3.1). */
    public String jwsName() {
        return name();
    }

    /**
     * The algorithm named {@code alg} in a JWS header or JWK.
     *
     * @throws IllegalArgumentException if the server does not sign with it
     */
    public static SigningAlgorithm fromJwsName(String alg) {
        for (SigningAlgorithm a : values()) {
            if (a.jwsName().equals(alg)) {
                return a;
            }
        }
        throw new IllegalArgumentException("supported signing algorithms: RS256, PS256, ES256, EdDSA; not " + alg);
    }
}

package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import id.nu.oauth.client.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the server's signed JWTs with Nimbus: id_tokens (OpenID Connect Core 1.0 §2, §3.1.3.6)
 * and JWT access tokens (RFC 9068), and publishes the keys that verify them (RFC 7517).
 */
final class TokenSigner {

    /** RFC 9068 §2.1: the {@code typ} header of a JWT access token. */
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final Settings settings;
    private final OidcSettings oidc;
    /** The signer of the last key per algorithm: a key is parsed into a signer once, not per token. */
    private final Map<SigningAlgorithm, Cached> signers = new ConcurrentHashMap<>();

    private record Cached(SigningKey key, JWSSigner signer) {
    }

    /** The last JWK set written, and the keys it was written from. */
    private volatile Published published;

    private record Published(List<SigningKey> keys, String json) {
    }

    TokenSigner(Settings settings, OidcSettings oidc) {
        this.settings = settings;
        this.oidc = oidc;
    }

    /**
     * An id_token for the code flow (OIDC Core §3.1.3.6) or a refresh (§12.2). {@code aud} is the
     * client alone, so no {@code azp} is needed (§2); {@code nonce} only when the authorization
     * request carried one, and never on refresh (§12.2: it SHOULD NOT be there);
     * {@code at_hash} binds the access token issued with it (§3.1.3.8).
     */
    String idToken(Client client, String subject, Instant authTime, String nonce, String accessToken, Instant now) {
        IDTokenClaimsSet claims = new IDTokenClaimsSet(new Issuer(settings.issuer().toString()),
                new Subject(oidc.subjects().of(subject, client)), List.of(new Audience(client.clientId())),
                Date.from(now.plus(oidc.idTokenLifetime())), Date.from(now));
        if (authTime != null) {
            claims.setAuthenticationTime(Date.from(authTime));
        }
        if (nonce != null) {
            claims.setNonce(new Nonce(nonce));
        }
        SigningAlgorithm algorithm = oidc.idTokenAlgorithm();
        if (accessToken != null) {
            // OIDC Core §3.1.3.6: the hash of the alg's hash function; for EdDSA it is the curve's
            // (SHA-512 for Ed25519).
            claims.setAccessTokenHash(AccessTokenHash.compute(new BearerAccessToken(accessToken), Jose.jws(algorithm),
                    algorithm == SigningAlgorithm.EdDSA ? Curve.Ed25519 : null));
        }
        try {
            return sign(claims.toJWTClaimsSet(), algorithm, JOSEObjectType.JWT, now);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException("id_token claims did not serialize", e);
        }
    }

    /**
     * An RFC 9068 §2.2 JWT access token: {@code iss}, {@code exp}, {@code aud}, {@code sub},
     * {@code client_id}, {@code iat}, {@code jti}, and {@code scope} and {@code auth_time} when
     * there are any.
     */
    String accessToken(Client client, String subject, Set<String> scopes, Instant authTime, Instant issuedAt,
            Instant expiresAt, String jkt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer().toString())
                .subject(oidc.subjects().of(subject, client))
                .audience(oidc.accessTokenAudience())
                .expirationTime(Date.from(expiresAt))
                .issueTime(Date.from(issuedAt))
                .jwtID(settings.generator().newToken())
                .claim("client_id", client.clientId());
        if (!scopes.isEmpty()) {
            claims.claim("scope", Scopes.format(scopes));
        }
        if (authTime != null) {
            claims.claim("auth_time", authTime.getEpochSecond());
        }
        if (jkt != null) {
            claims.claim("cnf", java.util.Map.of("jkt", jkt)); // RFC 9449 §6.1
        }
        return sign(claims.build(), oidc.accessTokenAlgorithm(), AT_JWT, issuedAt);
    }

    /** The public JWK set (RFC 7517 §5): signing keys and retired keys still needed. */
    String jwks(Instant now) {
        List<SigningKey> keys = oidc.keys().verificationKeys(now, keyRetention());
        Published last = published;
        if (last != null && last.keys().equals(keys)) {
            return last.json(); // the same keys as last time: the same document, not written again
        }
        List<JWK> jwks = new ArrayList<>();
        for (SigningKey key : keys) {
            jwks.add(key.jwk().toPublicJWK());
        }
        String json = new JWKSet(jwks).toString(true);
        published = new Published(List.copyOf(keys), json);
        return json;
    }

    /** How long a retired key stays published: the longest a token it signed can live. */
    Duration keyRetention() {
        Duration access = settings.accessTokenLifetime();
        Duration id = oidc.idTokenLifetime();
        return access.compareTo(id) >= 0 ? access : id;
    }

    private String sign(JWTClaimsSet claims, SigningAlgorithm algorithm, JOSEObjectType type, Instant now) {
        SigningKey key = oidc.keys().signingKey(algorithm, now);
        if (key == null || key.algorithm() != algorithm) {
            throw new IllegalStateException("the signing keys gave " + key + " for " + algorithm);
        }
        JWSHeader header = new JWSHeader.Builder(Jose.jws(algorithm)).type(type).keyID(key.keyId()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with key " + key.keyId(), e);
        }
        return jwt.serialize();
    }

    private JWSSigner signer(SigningKey key) throws JOSEException {
        Cached cached = signers.get(key.algorithm());
        if (cached != null && cached.key().equals(key)) {
            return cached.signer();
        }
        JWSSigner signer = Jose.signer(key.jwk(), key.algorithm());
        signers.put(key.algorithm(), new Cached(key, signer));
        return signer;
    }
}

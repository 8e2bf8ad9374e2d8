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
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.SessionID;
import com.nimbusds.oauth2.sdk.id.JWTID;
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
        return idToken(client, subject, authTime, nonce, accessToken, now, null, Map.of(), null);
    }

    /**
     * An id_token as {@link #idToken(Client, String, Instant, String, String, Instant)}, with the
     * {@code acr} the login met (OIDC Core §2) when not {@code null}, and the user claims a
     * {@code claims} request asked for (§5.5), which never replace a claim set here, and the login
     * session's {@code sid} when not {@code null} (Back-Channel Logout 1.0 §2.1).
     */
    String idToken(Client client, String subject, Instant authTime, String nonce, String accessToken, Instant now,
            String acr, Map<String, Object> userClaims, String sid) {
        IDTokenClaimsSet claims = new IDTokenClaimsSet(new Issuer(settings.issuer().toString()),
                new Subject(oidc.subjects().of(subject, client)), List.of(new Audience(client.clientId())),
                Date.from(now.plus(oidc.idTokenLifetime())), Date.from(now));
        if (authTime != null) {
            claims.setAuthenticationTime(Date.from(authTime));
        }
        if (nonce != null) {
            claims.setNonce(new Nonce(nonce));
        }
        if (sid != null) {
            claims.setSessionID(new SessionID(sid)); // Back-Channel Logout 1.0 §2.1
        }
        if (acr != null) {
            claims.setACR(new ACR(acr));
        }
        userClaims.forEach((name, value) -> {
            if (claims.getClaim(name) == null) {
                claims.setClaim(name, value);
            }
        });
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
        return accessToken(client, subject, scopes, authTime, issuedAt, expiresAt, List.of(oidc.accessTokenAudience()),
                new TokenIssuer.Binding(jkt, null));
    }

    /**
     * An RFC 9068 JWT access token for {@code audience}: the resources it was issued for (RFC 8707
     * §2, RFC 9068 §3), or the configured audience when none were asked for; bound to the DPoP key
     * key and the TLS client certificate of {@code binding} ({@code cnf.jkt}, RFC 9449 §6.1;
     * {@code cnf.x5t#S256}, RFC 8705 §3.1).
     */
    String accessToken(Client client, String subject, Set<String> scopes, Instant authTime, Instant issuedAt,
            Instant expiresAt, List<String> audience, TokenIssuer.Binding binding) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer().toString())
                .subject(oidc.subjects().of(subject, client))
                .audience(audience)
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
        java.util.Map<String, Object> cnf = ClientCertificates.confirmation(binding.jkt(), binding.x5t());
        if (cnf != null) {
            claims.claim("cnf", cnf); // RFC 9449 §6.1, RFC 8705 §3.1
        }
        return sign(claims.build(), oidc.accessTokenAlgorithm(), AT_JWT, issuedAt);
    }

    /** Back-Channel Logout 1.0 §2.4: the {@code typ} header of a logout token. */
    static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");

    /** How long a logout token is valid: Back-Channel Logout 1.0 §2.4 recommends at most two minutes. */
    static final Duration LOGOUT_TOKEN_LIFETIME = Duration.ofMinutes(2);

    /**
     * A logout token (Back-Channel Logout 1.0 §2.4), built with Nimbus's {@link LogoutTokenClaimsSet}:
     * {@code iss}, {@code aud} (the client), {@code iat}, {@code exp}, {@code jti}, the
     * {@code events} claim with {@code http://schemas.openid.net/event/backchannel-logout}, the
     * {@code sub} the client knows and the {@code sid}; never a {@code nonce} (§2.4). Signed with the
     * id_token algorithm, typ {@code logout+jwt}.
     */
    String logoutToken(Client client, String subject, String sid, Instant now) {
        LogoutTokenClaimsSet claims = new LogoutTokenClaimsSet(new Issuer(settings.issuer().toString()),
                subject == null ? null : new Subject(oidc.subjects().of(subject, client)),
                List.of(new Audience(client.clientId())), Date.from(now), Date.from(now.plus(LOGOUT_TOKEN_LIFETIME)),
                new JWTID(settings.generator().newToken()), sid == null ? null : new SessionID(sid));
        try {
            return sign(claims.toJWTClaimsSet(), oidc.idTokenAlgorithm(), LOGOUT_JWT, now);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException("logout token claims did not serialize", e);
        }
    }

    /**
     * The claims of an id_token this server signed, or {@code null} if it is not one: a compact JWS
     * signed by one of the keys still published ({@link #keyRetention()}) with its own algorithm,
     * issued by this issuer, with {@code sub} and {@code aud}. An expired one is accepted (RP-Initiated
     * Logout 1.0 §2: "the OP SHOULD accept ID Tokens ... when the RP has already been logged out").
     */
    JWTClaimsSet verifiedIdToken(String jwt, Instant now) {
        SignedJWT parsed;
        try {
            parsed = SignedJWT.parse(jwt);
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
        JWSHeader header = parsed.getHeader();
        if (header.getKeyID() == null || header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            return null; // not an id_token: a logout token, an at+jwt access token
        }
        for (SigningKey key : oidc.keys().verificationKeys(now, keyRetention())) {
            if (!key.keyId().equals(header.getKeyID()) || !Jose.jws(key.algorithm()).equals(header.getAlgorithm())) {
                continue;
            }
            if (!Jose.verify(parsed, key.jwk(), key.algorithm())) {
                return null;
            }
            try {
                JWTClaimsSet claims = parsed.getJWTClaimsSet();
                boolean ours = settings.issuer().toString().equals(claims.getIssuer()) && claims.getSubject() != null
                        && claims.getAudience() != null && !claims.getAudience().isEmpty();
                return ours ? claims : null;
            } catch (java.text.ParseException e) {
                return null;
            }
        }
        return null;
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

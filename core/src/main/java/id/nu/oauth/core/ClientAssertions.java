package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.client.Syntax;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.storage.SingleUseStore;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code private_key_jwt} and {@code client_secret_jwt} client authentication (RFC 7523 §2.2 and §3,
 * RFC 7521 §4.2, OpenID Connect Core §9): a JWT the client signs with its private key, verified with
 * its registered public keys, or with HMAC under its secret, verified with the secret opened from its
 * sealed form ({@link ClientSecretSeal}; only when the host configured the key).
 *
 * <p>Checked, in order: the assertion type; the JWT parses and is signed (never {@code none}) with an
 * allowed algorithm (an asymmetric one, or HS256/HS384/HS512 when secrets can be opened);
 * {@code iss} and {@code sub} are both the client's id (and equal to a {@code client_id} sent beside
 * it); the client registered the method the algorithm means ({@code private_key_jwt} for an
 * asymmetric one, {@code client_secret_jwt} for an HMAC); the signature verifies with one of its keys,
 * or with its secret (or, in its grace period, the one before the last rotation; the secret at least
 * as long as the hash, RFC 7518 §3.2); {@code aud} names the issuer, the token endpoint or the
 * endpoint called; {@code exp} is present, not past and at most {@link #MAX_LIFETIME} away; {@code nbf}
 * and {@code iat} are not in the future; {@code jti} is present and used only once on every node.
 * Every failure is {@code invalid_client} (RFC 7521 §4.2.1) with a generic description; a sealed
 * secret that does not open (another key, a damaged row) is one too, and a WARN naming the client.
 */
final class ClientAssertions {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** The longest an assertion may be valid from now: RFC 7523 §3 asks for a short lifetime. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /**
     * RSA (PKCS#1 and PSS), ECDSA on P-256 and EdDSA on Ed25519 (RFC 8037): what FAPI 2.0 and most
     * client libraries use.
     */
    static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256,
            JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    /** {@code client_secret_jwt}: HMAC with SHA-2 (RFC 7518 §3.2), only when secrets can be opened. */
    static final Set<JWSAlgorithm> HMAC_ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384,
            JWSAlgorithm.HS512);

    private static final Logger LOG = LoggerFactory.getLogger(ClientAssertions.class);

    private final ClientStore clients;
    private final java.util.function.Supplier<SingleUseStore> singleUse;
    private final ClientJwks jwks;
    private final Clock clock;
    private final Set<JWSAlgorithm> algorithms;
    private final Set<String> audiences;
    private final java.net.URI issuer;
    private final ClientSecretSeal seal;

    /** {@code seal}: opens the sealed secrets of {@code client_secret_jwt} clients, or {@code null} (not accepted). */
    ClientAssertions(ClientStore clients, java.util.function.Supplier<SingleUseStore> singleUse, ClientJwks jwks, Settings settings,
            Set<JWSAlgorithm> algorithms, ClientSecretSeal seal) {
        this.seal = seal;
        this.clients = clients;
        this.singleUse = singleUse;
        this.jwks = jwks;
        this.clock = settings.clock();
        this.algorithms = Set.copyOf(algorithms);
        this.issuer = settings.issuer();
        this.audiences = Set.of(settings.issuer().toString(),
                Endpoints.under(settings.issuer(), Endpoints.TOKEN).toString());
    }

    Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * Authenticates the client by its assertion. {@code bodyClientId} is the {@code client_id} sent
     * beside it, or {@code null}; {@code path} is the endpoint called (its URL is an accepted
     * audience too).
     */
    /** The clients' keys, shared with mutual TLS with self-signed certificates (RFC 8705 §2.2). */
    ClientJwks jwks() {
        return jwks;
    }

        ClientAuthenticator.Result authenticate(String assertionType, String assertion, String bodyClientId,
            String path) {
        if (!JWT_BEARER.equals(assertionType)) {
            return failed("unsupported client_assertion_type");
        }
        if (assertion == null || assertion.isEmpty()) {
            return new ClientAuthenticator.Failed(OAuthError.invalidRequest("client_assertion is missing"));
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return failed("the client assertion is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        boolean hmac = HMAC_ALGORITHMS.contains(header.getAlgorithm());
        if (hmac ? seal == null : !algorithms.contains(header.getAlgorithm())) {
            return failed("the client assertion's signing algorithm is not accepted");
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !issuer.equals(claims.getSubject()) || !Syntax.isClientId(issuer)) {
            return failed("the client assertion's iss and sub must both be the client_id");
        }
        if (bodyClientId != null && !bodyClientId.equals(issuer)) {
            return new ClientAuthenticator.Failed(OAuthError.invalidRequest(
                    "client_id does not match the client assertion"));
        }
        Client client = clients.find(issuer).orElse(null);
        // RFC 7523 §2.2 with OpenID Connect Core §9: the algorithm says the method, and the client
        // must have registered it (a key client's HMAC, a secret client's RSA or EC signature: refused)
        if (client == null || !client.allows(hmac ? ClientAuthMethod.CLIENT_SECRET_JWT : ClientAuthMethod.PRIVATE_KEY_JWT)) {
            return failed("client authentication failed");
        }
        if (!Fapi2.allows(client, header.getAlgorithm())) {
            return failed("a FAPI 2.0 client signs its assertions with PS256, ES256 or EdDSA", issuer);
        }
        String signature = hmac ? macProblem(client, jwt) : verified(client, jwt) ? null : "client authentication failed";
        if (signature != null) {
            return failed(signature, issuer);
        }
        Instant now = clock.instant();
        String problem = claimsProblem(claims, now, path);
        if (problem != null) {
            return failed(problem, issuer);
        }
        Instant keepUntil = claims.getExpirationTime().toInstant().plus(CLOCK_SKEW);
        if (!singleUse.get().markUsed(SingleUseKind.CLIENT_ASSERTION, TokenHasher.hash(issuer + ' ' + claims.getJWTID()),
                keepUntil)) {
            return failed("the client assertion was used before (jti)", issuer);
        }
        return ClientAuthenticator.enabled(client);
    }

    private boolean verified(Client client, SignedJWT jwt) {
        List<JWK> keys;
        try {
            keys = jwks.candidates(client, jwt.getHeader());
        } catch (ClientJwks.Unavailable e) {
            return false;
        }
        for (JWK key : keys) {
            try {
                if (jwt.verify(Jose.verifier(key, jwt.getHeader().getAlgorithm()))) {
                    return true;
                }
            } catch (JOSEException | RuntimeException wrongKey) {
                // try the next key
            }
        }
        return false;
    }

    /**
     * {@code null} if the HMAC verifies with the client's secret, or with the one before its last
     * rotation while that still works (both tried, so timing does not tell which matched); else why not.
     * Nimbus's {@code MACVerifier} compares in constant time.
     */
    private String macProblem(Client client, SignedJWT jwt) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        Mac current = mac(client, client.sealedSecret(), client.secretHash(), jwt);
        PreviousSecret previous = client.previousSecret();
        Mac old = previous != null && previous.sealedSecret() != null && previous.acceptedAt(clock.instant())
                ? mac(client, previous.sealedSecret(), previous.hash(), jwt) : Mac.NO_MATCH;
        if (current == Mac.MATCH || old == Mac.MATCH) {
            return null;
        }
        if (current == Mac.TOO_SHORT) {
            return "the client secret is too short for " + alg.getName() + " (RFC 7518 section 3.2)";
        }
        return "client authentication failed";
    }

    private enum Mac { MATCH, NO_MATCH, TOO_SHORT }

    private Mac mac(Client client, String sealed, SecretHash hash, SignedJWT jwt) {
        if (sealed == null) {
            return Mac.NO_MATCH;
        }
        String secret;
        try {
            secret = seal.open(client.clientId(), sealed);
        } catch (ClientSecretSeal.Unopenable e) {
            LOG.warn("client {}: its sealed client secret does not open with the client secret encryption key ({}); "
                    + "client_secret_jwt refused", client.clientId(), e.getMessage());
            return Mac.NO_MATCH;
        }
        if (hash == null || !hash.matches(secret)) {
            LOG.warn("client {}: its sealed client secret is not the secret its hash was made from (re-seal it when "
                    + "the secret changes); client_secret_jwt refused", client.clientId());
            return Mac.NO_MATCH;
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try {
            if (key.length * 8 < MACSigner.getMinRequiredSecretLength(jwt.getHeader().getAlgorithm())) {
                return Mac.TOO_SHORT;
            }
            return jwt.verify(new MACVerifier(key)) ? Mac.MATCH : Mac.NO_MATCH;
        } catch (JOSEException | RuntimeException e) {
            return Mac.NO_MATCH;
        }
    }

    private String claimsProblem(JWTClaimsSet claims, Instant now, String path) {
        List<String> aud = claims.getAudience();
        String endpoint = Endpoints.under(issuer, path == null ? "" : path).toString();
        if (aud == null || aud.stream().noneMatch(a -> audiences.contains(a) || a.equals(endpoint))) {
            return "the client assertion's aud must be the issuer or the endpoint URL";
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return "the client assertion has no exp";
        }
        if (!exp.toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            return "the client assertion has expired";
        }
        if (exp.toInstant().isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            return "the client assertion is valid for too long (exp at most " + MAX_LIFETIME.toMinutes()
                    + " minutes ahead)";
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            return "the client assertion is not valid yet";
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            return "the client assertion is issued in the future";
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 256) {
            return "the client assertion needs a jti (OpenID Connect Core section 9)";
        }
        return null;
    }

    private static ClientAuthenticator.Failed failed(String description) {
        return new ClientAuthenticator.Failed(OAuthError.invalidClient(description));
    }

    /** A failure of a registered client (its id goes into the event, never an id the caller made up). */
    private static ClientAuthenticator.Failed failed(String description, String clientId) {
        return new ClientAuthenticator.Failed(OAuthError.invalidClient(description), clientId);
    }
}

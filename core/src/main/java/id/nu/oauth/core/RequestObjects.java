package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import id.nu.oauth.client.Client;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signed request objects (JAR, RFC 9101): the {@code request} parameter at the authorization and
 * pushed authorization request endpoints. Nimbus parses the JWT, picks the client's keys and
 * verifies the signature with the client's keys ({@link ClientJwks}: inline {@code jwks}, or
 * {@code jwks_uri} fetched under server-side request rules); here are only the rules of RFC 9101 and what this server accepts:
 * <ul>
 * <li>signed with an asymmetric algorithm from {@link #ALGORITHMS} (never {@code none}, never a
 * client secret, §10.1; an encrypted request object is refused, it is not supported);</li>
 * <li>{@code typ} absent, {@code JWT} or {@code oauth-authz-req+jwt} (§4, §10.8);</li>
 * <li>{@code iss} the client, {@code aud} this issuer (§4, §10.3), {@code exp} required, in the
 * future and at most {@link #MAX_LIFETIME} away, {@code nbf} and {@code iat} not in the future
 * and {@code nbf} at most {@link #MAX_LIFETIME} old;</li>
 * <li>a {@code client_id} claim equal to the outer {@code client_id} (§5, §6.3); no
 * {@code request} or {@code request_uri} claim inside (§4).</li>
 * </ul>
 * The object's claims become the authorization request's parameters, and nothing outside it
 * counts but {@code client_id} (§5: "the authorization server MUST only use the parameters in the
 * Request Object").
 */
final class RequestObjects {

    /** The algorithms a request object may be signed with (asymmetric only; RFC 9101 §10.1). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.RS256,
            JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.EdDSA);

    /** The algorithms as metadata lists them ({@code request_object_signing_alg_values_supported}), stable order. */
    static final List<JWSAlgorithm> ALGORITHMS_IN_ORDER = List.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256,
            JWSAlgorithm.RS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.EdDSA);

    /** How far {@code exp} may lie ahead, and how old {@code nbf} may be (the FAPI 2.0 bound, 60 minutes). */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(60);

    /** Tolerated difference between the client's clock and ours for {@code nbf} and {@code iat}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** RFC 9101 §10.8: the explicit type of a request object. */
    private static final JOSEObjectType REQUEST_OBJECT_TYPE = new JOSEObjectType("oauth-authz-req+jwt");

    /** JWT claims that are about the object, not parameters of the authorization request. */
    private static final Set<String> ENVELOPE = Set.of("iss", "aud", "exp", "nbf", "iat", "jti", "sub", "client_id");

    private final String issuer;
    private final ClientJwks jwks;

    RequestObjects(Settings settings, ClientJwks jwks) {
        this.issuer = settings.issuer().toString();
        this.jwks = jwks;
    }

    /**
     * The authorization request inside a request object: its claims as parameters, plus the outer
     * {@code client_id}, and the instant it was made ({@code iat}, else {@code nbf}, else
     * {@code exp} minus {@link #MAX_LIFETIME}).
     */
    record Read(Map<String, List<String>> parameters, Instant madeAt) {
    }

    /** Verifies {@code jwt} for {@code client} (found by the outer {@code client_id}) at {@code now}. */
    Checked<Read> read(String jwt, Client client, Instant now) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(jwt);
        } catch (ParseException malformed) {
            return fail("the request object is not a JWT");
        }
        if (parsed instanceof EncryptedJWT) {
            return fail("encrypted request objects are not supported; sign it instead");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            return fail("the request object must be signed (alg none is refused, RFC 9101 section 10.1)");
        }
        JWSHeader header = signed.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return fail("the request object's alg " + header.getAlgorithm() + " is not accepted; accepted: "
                    + ALGORITHMS_IN_ORDER);
        }
        if (!Fapi2.allows(client, header.getAlgorithm())) {
            return fail("a FAPI 2.0 client signs its request objects with PS256, ES256 or EdDSA");
        }
        JOSEObjectType type = header.getType();
        if (type != null && !type.equals(JOSEObjectType.JWT) && !type.equals(REQUEST_OBJECT_TYPE)) {
            return fail("the request object's typ must be oauth-authz-req+jwt (RFC 9101 section 10.8)");
        }
        if (!client.keys().present()) {
            return fail("the client has no registered keys to verify request objects with");
        }
        List<JWK> keys;
        try {
            keys = jwks.candidates(client, header); // inline jwks, or jwks_uri fetched under SSRF rules
        } catch (ClientJwks.Unavailable unavailable) {
            return fail("the client's registered keys could not be read or fetched");
        }
        if (!verified(signed, keys)) {
            return fail("the request object's signature does not verify with the client's registered keys");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException malformed) {
            return fail("the request object's claims are not a JSON object");
        }
        return claims(claims, client, now);
    }

    private Checked<Read> claims(JWTClaimsSet claims, Client client, Instant now) {
        if (!client.clientId().equals(claims.getIssuer())) {
            return fail("the request object's iss must be the client_id (RFC 9101 section 4)");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(issuer)) {
            return fail("the request object's aud must be this server's issuer (RFC 9101 section 4)");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return fail("the request object has no exp");
        }
        if (!exp.toInstant().isAfter(now)) {
            return fail("the request object has expired");
        }
        if (exp.toInstant().isAfter(now.plus(MAX_LIFETIME))) {
            return fail("the request object's exp is more than " + MAX_LIFETIME.toMinutes() + " minutes away");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && (nbf.toInstant().isAfter(now.plus(CLOCK_SKEW))
                || nbf.toInstant().isBefore(now.minus(MAX_LIFETIME)))) {
            return fail("the request object's nbf is in the future or more than " + MAX_LIFETIME.toMinutes()
                    + " minutes old");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            return fail("the request object's iat is in the future");
        }
        Object innerClientId = claims.getClaim("client_id");
        if (innerClientId != null && !client.clientId().equals(innerClientId)) {
            return fail("the request object's client_id differs from the request's (RFC 9101 section 5)");
        }
        if (claims.getClaim("request") != null || claims.getClaim("request_uri") != null) {
            return fail("a request object may not contain request or request_uri (RFC 9101 section 4)");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("client_id", List.of(client.clientId()));
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            if (ENVELOPE.contains(claim.getKey()) || claim.getValue() == null) {
                continue;
            }
            List<String> values = values(claim.getValue());
            if (values == null) {
                return fail("the request object's claim " + claim.getKey() + " is neither a string, a number, "
                        + "a boolean, a JSON object nor a list of strings");
            }
            parameters.put(claim.getKey(), values);
        }
        Instant madeAt = iat != null ? iat.toInstant() : nbf != null ? nbf.toInstant()
                : exp.toInstant().minus(MAX_LIFETIME);
        return Checked.ok(new Read(parameters, madeAt));
    }

    /** A claim as parameter values: text as it is, a JSON object as JSON (e.g. {@code claims}), a list of strings. */
    private static List<String> values(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Boolean) {
            return List.of(value.toString());
        }
        if (value instanceof Number n) {
            return List.of(n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15
                    ? Long.toString(n.longValue()) : n.toString());
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> object = (Map<String, ?>) map;
            return List.of(JSONObjectUtils.toJSONString(object));
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<String> strings = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    return null;
                }
                strings.add(s);
            }
            return strings;
        }
        return null;
    }

    private static boolean verified(SignedJWT signed, List<JWK> keys) {
        for (JWK key : keys) {
            try {
                if (signed.verify(Jose.verifier(key, signed.getHeader().getAlgorithm()))) {
                    return true;
                }
            } catch (JOSEException | RuntimeException wrongKey) {
                // a key that does not fit the algorithm, or is too small: try the next one
            }
        }
        return false;
    }

    private static <T> Checked<T> fail(String description) {
        return Checked.failed(OAuthError.invalidRequestObject(description));
    }
}

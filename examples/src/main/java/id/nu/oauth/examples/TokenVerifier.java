package id.nu.oauth.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.InvalidHashException;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * How the demo client checks the JWTs it gets, with Nimbus: an id_token with {@link IDTokenValidator}
 * (OpenID Connect Core §3.1.3.7), a JWT access token with {@link DefaultJWTProcessor} as a resource
 * server would (RFC 9068 §4), both against the portal's keys from {@code GET /oauth/jwks}, fetched
 * again only for an unknown {@code kid}.
 *
 * <pre>{@code
 * TokenVerifier verifier = new TokenVerifier("http://127.0.0.1:8080/api", requests);
 * TokenVerifier.Decoded shown = verifier.verifyIdToken(flow, idToken, true);
 * }</pre>
 */
final class TokenVerifier {

    /**
     * A signed JWT as the page shows it.
     *
     * @param header the JOSE header, pretty JSON
     * @param claims the claims, pretty JSON
     * @param verified whether every check passed
     * @param verdict what was checked, or what failed
     * @param times {@code iat}, {@code exp} and {@code auth_time} as readable dates
     */
    record Decoded(String header, String claims, boolean verified, String verdict, String times)
            implements Serializable {
    }

    private final String issuer;
    private final ClientRequests requests;

    /**
     * @param issuer the issuer identifier the tokens must name
     * @param requests fetches the portal's keys
     */
    TokenVerifier(String issuer, ClientRequests requests) {
        this.issuer = issuer;
        this.requests = requests;
    }

    /**
     * Checks an id_token as OpenID Connect Core §3.1.3.7 asks, with Nimbus's {@link IDTokenValidator}:
     * the signature with the portal's key (RS256, the portal's default) from {@code /oauth/jwks}, the
     * issuer, the audience (this client), the expiry, and the nonce this client sent; then
     * {@code at_hash} against the access token (§3.1.3.8), and on refresh the same {@code sub} (§12.2).
     */
    Decoded verifyIdToken(DemoFlow flow, String idToken, boolean fromCode) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (java.text.ParseException e) {
            return new Decoded("", idToken, false, "Not a signed JWT: " + e.getMessage(), "");
        }
        Shown shown = new Shown(jwt);
        JWKSet keys = keys(flow, jwt.getHeader().getKeyID(), "the id_token");
        if (keys == null) {
            return shown.verdict(false, "Not verified: the portal's keys could not be fetched.");
        }
        Nonce expectedNonce = fromCode && flow.nonce != null ? new Nonce(flow.nonce) : null;
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer), new ClientID(flow.clientId),
                JWSAlgorithm.RS256, keys);
        try {
            IDTokenClaimsSet claims = validator.validate(jwt, expectedNonce);
            if (claims.getAccessTokenHash() != null) {
                AccessTokenValidator.validate(new BearerAccessToken(flow.accessToken), jwt.getHeader().getAlgorithm(),
                        claims.getAccessTokenHash());
            }
            String sub = claims.getSubject().getValue();
            if (flow.subject != null && !flow.subject.equals(sub)) {
                return shown.verdict(false, "Not accepted: its sub " + sub + " is not the first "
                        + "id_token's " + flow.subject + " (OpenID Connect Core §12.2).");
            }
            flow.subject = sub;
            StringBuilder verdict = new StringBuilder("Verified with Nimbus IDTokenValidator (OpenID Connect Core "
                    + "§3.1.3.7): the RS256 signature with key ").append(jwt.getHeader().getKeyID())
                    .append(" from GET ").append(requests.jwksUri()).append("; iss is ").append(issuer)
                    .append("; aud is ").append(flow.clientId).append("; it has not expired");
            if (expectedNonce != null) {
                verdict.append("; nonce is the one this client sent");
            } else if (fromCode) {
                verdict.append("; no nonce to compare, because the documented request sends none");
            } else {
                verdict.append("; a refresh brings no nonce (§12.2), and its sub is the first id_token's");
            }
            if (claims.getAccessTokenHash() != null) {
                verdict.append("; at_hash matches the access token (§3.1.3.8)");
            }
            return shown.verdict(true, verdict.append('.').toString());
        } catch (BadJOSEException | JOSEException | InvalidHashException e) {
            return shown.verdict(false, "NOT verified: " + e.getMessage());
        }
    }

    /**
     * Decodes a JWT access token and checks it the way a resource server would (RFC 9068 §4): the
     * {@code typ} {@code at+jwt}, the signature with the portal's key, {@code iss}, {@code aud} (the
     * portal, its default audience), {@code client_id} and expiry. A real client never needs to: to it
     * an access token is opaque (RFC 9068 §6).
     */
    Decoded verifyJwtAccessToken(DemoFlow flow, String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (java.text.ParseException e) {
            return null;
        }
        Shown shown = new Shown(jwt);
        JWKSet keys = keys(flow, jwt.getHeader().getKeyID(), "the JWT access token");
        if (keys == null) {
            return shown.verdict(false, "Not verified: the portal's keys could not be fetched.");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).claim("client_id", flow.clientId).build(),
                Set.of("sub", "exp", "iat", "jti")));
        try {
            processor.process(jwt, null);
            return shown.verdict(true, "Checked as the portal's API would (RFC 9068 §4): typ is "
                    + "at+jwt, the RS256 signature with key " + jwt.getHeader().getKeyID() + " from /oauth/jwks, iss "
                    + "and aud are " + issuer + ", client_id is " + flow.clientId + ", and it has not expired. A real "
                    + "client never looks inside: to it an access token is opaque (RFC 9068 §6).");
        } catch (BadJOSEException | JOSEException e) {
            return shown.verdict(false, "NOT verified: " + e.getMessage());
        }
    }

    /** A JWT's header and claims as the page shows them, waiting for the verdict. */
    private record Shown(String header, String claims, String times) {
        Shown(SignedJWT jwt) {
            this(PrettyJson.of(jwt.getHeader().toString()), PrettyJson.of(jwt.getPayload().toString()), TokenVerifier.times(jwt));
        }

        Decoded verdict(boolean verified, String verdict) {
            return new Decoded(header, claims, verified, verdict, times);
        }
    }

    /**
     * The portal's JWK set: the one this flow fetched before if it has the key {@code kid}, else a
     * fresh GET of {@code /oauth/jwks} (keys rotate), recorded as a step; {@code null} if that fails.
     */
    private JWKSet keys(DemoFlow flow, String kid, String what) {
        if (flow.jwks != null) {
            try {
                JWKSet cached = JWKSet.parse(flow.jwks);
                if (kid != null && cached.getKeyByKeyId(kid) != null) {
                    return cached;
                }
            } catch (java.text.ParseException e) {
                flow.jwks = null;
            }
        }
        String body = requests.jwks(flow, "To check the signature of " + what + ", the client needs the key it "
                + "names (kid " + kid + "): the portal publishes its public keys as a JWK set (RFC 7517). The client "
                + "keeps them and asks again only for a key it does not know.");
        if (body == null) {
            return null;
        }
        try {
            JWKSet keys = JWKSet.parse(body);
            flow.jwks = body;
            return keys;
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    static boolean looksLikeJwt(String token) {
        return token != null && token.chars().filter(c -> c == '.').count() == 2 && token.startsWith("ey");
    }

    /** {@code iat}, {@code exp} and {@code auth_time} as readable UTC dates. */
    private static String times(SignedJWT jwt) {
        StringBuilder out = new StringBuilder();
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            for (String name : List.of("iat", "exp", "auth_time")) {
                if (claims.getClaim(name) instanceof Date date) {
                    append(out, name, date.toInstant());
                } else if (claims.getClaim(name) instanceof Number seconds) {
                    append(out, name, Instant.ofEpochSecond(seconds.longValue()));
                }
            }
        } catch (java.text.ParseException e) {
            return "";
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, Instant when) {
        out.append(out.length() == 0 ? "" : " · ").append(name).append(' ')
                .append(DateTimeFormatter.ISO_INSTANT.format(when));
    }
}

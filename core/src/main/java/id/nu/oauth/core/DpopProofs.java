package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.storage.Storage;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 §4.3) with Nimbus for the JWT and the signature:
 * exactly one {@code DPoP} header; a JWT with {@code typ: dpop+jwt}, an allowed asymmetric
 * {@code alg} and a public {@code jwk} in its header that verifies the signature; {@code jti};
 * {@code htm} equal to the request's method and {@code htu} to its URL without query and fragment;
 * {@code iat} within {@link #WINDOW} of now; the server's nonce when nonces are on; {@code ath}
 * when an access token is presented with it (§7.1); and the {@code jti} not seen before for that
 * key, on any node (§11.1). The result is the key's JWK SHA-256 thumbprint (RFC 7638), which
 * tokens are bound to.
 */
final class DpopProofs {

    /** Asymmetric algorithms only (RFC 9449 §4.2: never {@code none} or a MAC). */
    static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256,
            JWSAlgorithm.RS256, JWSAlgorithm.EdDSA);
    /** How far {@code iat} may be from now either way (§11.1 asks for a short window). */
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");
    private static final int MAX_PROOF_LENGTH = 8 * 1024;

    /** What the request's DPoP header amounts to. */
    sealed interface Outcome {
    }

    /** No DPoP header. */
    record Absent() implements Outcome {
    }

    /** A good proof of the key with this thumbprint, signed with {@code alg}. */
    record Valid(String jkt, JWSAlgorithm alg) implements Outcome {
    }

    /** A bad proof: {@code invalid_dpop_proof}, or {@code use_dpop_nonce} with a nonce to retry with. */
    record Invalid(OAuthError error, String nonce) implements Outcome {
    }

    private final Storage storage;
    private final Clock clock;
    private final URI issuer;
    private final Set<JWSAlgorithm> algorithms;
    private final DpopNonces nonces;

    DpopProofs(Storage storage, Settings settings, Set<JWSAlgorithm> algorithms, DpopNonces nonces) {
        this.storage = storage;
        this.clock = settings.clock();
        this.issuer = settings.issuer();
        this.algorithms = Set.copyOf(algorithms);
        this.nonces = nonces;
    }

    /** The allowed algorithms, sorted (metadata, challenges). */
    List<String> algorithmNames() {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted(Comparator.naturalOrder()).toList();
    }

    /** A fresh nonce to send in {@code DPoP-Nonce}, or {@code null} when nonces are off. */
    String nonce() {
        return nonces == null ? null : nonces.current();
    }

    /**
     * Checks the request's proof.
     *
     * @param path the endpoint's path under the issuer (its URL is an accepted {@code htu})
     * @param accessToken the access token presented with the proof (then {@code ath} is required), or {@code null}
     * @param requireNonce whether the server's nonce is required here
     */
    Outcome check(EndpointRequest request, String path, String accessToken, boolean requireNonce) {
        List<String> headers = request.headers("DPoP");
        if (headers.isEmpty()) {
            return new Absent();
        }
        if (headers.size() > 1) {
            return invalid("the DPoP header was sent more than once (RFC 9449 section 4.3)");
        }
        String proof = headers.get(0);
        if (proof.length() > MAX_PROOF_LENGTH) {
            return invalid("the DPoP proof is too large");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(proof);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return invalid("the DPoP proof is not a signed JWT");
        }
        if (!DPOP_JWT.equals(jwt.getHeader().getType())) {
            return invalid("the DPoP proof's typ must be dpop+jwt");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!algorithms.contains(alg)) {
            return invalid("the DPoP proof's alg is not accepted");
        }
        JWK key = jwt.getHeader().getJWK();
        if (key == null || key.isPrivate()) {
            return invalid("the DPoP proof's header needs the public jwk");
        }
        try {
            if (!jwt.verify(Jose.verifier(key, alg))) {
                return invalid("the DPoP proof's signature does not verify");
            }
        } catch (JOSEException | RuntimeException e) {
            return invalid("the DPoP proof's signature does not verify");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 256) {
            return invalid("the DPoP proof needs a jti");
        }
        Object htm = claims.getClaim("htm");
        if (!(htm instanceof String method) || !method.equals(request.method())) {
            return invalid("the DPoP proof's htm is not the request's method");
        }
        Object htu = claims.getClaim("htu");
        if (!(htu instanceof String url) || !matchesRequestUrl(url, request, path)) {
            return invalid("the DPoP proof's htu is not the request's URL");
        }
        Instant now = clock.instant();
        Object nonceClaim = claims.getClaim("nonce");
        boolean freshNonce = nonces != null && nonceClaim instanceof String n && nonces.valid(n);
        if (requireNonce && nonces != null && !freshNonce) {
            return new Invalid(OAuthError.of(ErrorCode.USE_DPOP_NONCE,
                    "the authorization server requires a DPoP nonce (RFC 9449 section 8)"), nonces.current());
        }
        Date iat = claims.getIssueTime();
        if (iat == null) {
            return invalid("the DPoP proof needs an iat");
        }
        boolean recent = !iat.toInstant().isBefore(now.minus(WINDOW)) && !iat.toInstant().isAfter(now.plus(WINDOW));
        if (!recent && !freshNonce) {
            // §11.1: a proof must be recent; a fresh server nonce (§8) proves it for a client with a skewed clock
            return nonces != null
                    ? new Invalid(OAuthError.of(ErrorCode.USE_DPOP_NONCE,
                            "the DPoP proof's iat is too far from now; use the server's nonce"), nonces.current())
                    : invalid("the DPoP proof's iat is too far from now");
        }
        if (accessToken != null) {
            Object ath = claims.getClaim("ath");
            String expected = TokenHasher.hash(accessToken);
            if (!(ath instanceof String a) || !java.security.MessageDigest.isEqual(
                    a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return invalid("the DPoP proof's ath is not the hash of the access token (RFC 9449 section 4.3)");
            }
        }
        String jkt;
        try {
            jkt = key.computeThumbprint().toString();
        } catch (JOSEException e) {
            return invalid("the DPoP proof's jwk has no thumbprint");
        }
        // kept for as long as the proof could be accepted: its iat window, or its nonce's life
        Instant keepUntil = now.plus(nonces != null ? DpopNonces.PERIOD.multipliedBy(2) : WINDOW.multipliedBy(2));
        if (!storage.singleUse().markUsed(SingleUseKind.DPOP_PROOF, TokenHasher.hash(jkt + ' ' + jti), keepUntil)) {
            return invalid("the DPoP proof was used before (jti, RFC 9449 section 11.1)");
        }
        return new Valid(jkt, alg);
    }

    /** RFC 9449 §4.3 item 9: the URL of the request, ignoring query and fragment; compared normalised. */
    private boolean matchesRequestUrl(String htu, EndpointRequest request, String path) {
        String presented = normalise(htu);
        if (presented == null) {
            return false;
        }
        if (path != null && presented.equals(normalise(Endpoints.under(issuer, path).toString()))) {
            return true;
        }
        return request.requestUrl() != null && presented.equals(normalise(request.requestUrl().toString()));
    }

    /** Scheme and host in lower case, the default port dropped, no query or fragment (RFC 3986 §6.2.2-6.2.3). */
    static String normalise(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
                port = -1;
            }
            String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + p;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Invalid invalid(String description) {
        return new Invalid(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF, description), null);
    }
}

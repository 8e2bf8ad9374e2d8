package id.nu.oauth.examples;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The demo client's back-channel logout endpoint, {@code POST /demo-client/backchannel} (OpenID
 * Connect Back-Channel Logout 1.0 §2.5): each logout token the portal sends is validated with
 * Nimbus's {@link LogoutTokenValidator} (§2.6: {@code typ} logout+jwt, the RS256 signature with a
 * key from {@code /oauth/jwks}, {@code iss}, {@code aud}, {@code iat}, {@code jti}, the
 * {@code events} claim, {@code sub} or {@code sid}, no {@code nonce}) and kept (the last 20) for the
 * demo client's page. A real client would end its own sessions of that {@code sid} here.
 *
 * <pre>{@code
 * BackChannelLogouts.Received r = logouts.receive(request.getParameter("logout_token"));
 * response.setStatus(r.verified() ? 200 : 400);
 * }</pre>
 */
final class BackChannelLogouts {

    /** One logout token as received and checked. */
    record Received(Instant at, String clientId, boolean verified, String verdict, String claims) {
    }

    private static final int KEPT = 20;

    private final URI origin;
    private final Issuer issuer;
    private final URI jwksUri;
    private final Set<String> clientIds;
    private final Deque<Received> received = new ArrayDeque<>();

    BackChannelLogouts(URI origin, String issuer, URI jwksUri, Set<String> clientIds) {
        this.origin = origin;
        this.issuer = new Issuer(issuer);
        this.jwksUri = jwksUri;
        this.clientIds = Set.copyOf(clientIds);
    }

    /** Validates and keeps a logout token; {@code null} or unparsable tokens are kept as failures too. */
    Received receive(String logoutToken) {
        Received result = check(logoutToken);
        synchronized (received) {
            received.addFirst(result);
            while (received.size() > KEPT) {
                received.removeLast();
            }
        }
        return result;
    }

    /** The tokens received, newest first. */
    List<Received> latest() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private Received check(String logoutToken) {
        Instant now = Instant.now();
        if (logoutToken == null || logoutToken.isEmpty()) {
            return new Received(now, "?", false, "no logout_token parameter", "");
        }
        try {
            JWT jwt = JWTParser.parse(logoutToken);
            List<String> audience = jwt.getJWTClaimsSet().getAudience();
            String clientId = audience.size() == 1 ? audience.get(0) : "?";
            if (!clientIds.contains(clientId)) {
                return new Received(now, clientId, false, "not addressed to a client of this application", "");
            }
            LogoutTokenValidator validator = new LogoutTokenValidator(issuer, new ClientID(clientId), true,
                    new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256,
                            new ImmutableJWKSet<>(keys())), null);
            LogoutTokenClaimsSet claims = validator.validate(jwt);
            return new Received(now, clientId, true, "Verified with Nimbus's LogoutTokenValidator: typ logout+jwt, "
                    + "RS256 signature by a key of /oauth/jwks, iss, aud, iat, jti, events, sid, no nonce",
                    PrettyJson.of(claims.toJSONObject().toString()));
        } catch (Exception e) {
            return new Received(now, "?", false, "Rejected: " + e.getMessage(), "");
        }
    }

    private JWKSet keys() throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, jwksUri);
        request.setConnectTimeout(5_000);
        request.setReadTimeout(10_000);
        request.setFollowRedirects(false);
        request.setSSLSocketFactory(DemoTls.clientContextFor(origin).getSocketFactory());
        HTTPResponse response = request.send();
        return JWKSet.parse(response.getBody());
    }
}

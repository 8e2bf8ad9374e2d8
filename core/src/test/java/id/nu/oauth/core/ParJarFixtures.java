package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A server with clients for pushed authorization requests (RFC 9126) and signed request objects
 * (RFC 9101), on a movable clock. Every request object, pushed request and response is built or
 * read with Nimbus, the independent second implementation.
 */
final class ParJarFixtures {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final URI PAR_URI = URI.create(ISSUER + Endpoints.PUSHED_AUTHORIZATION_REQUEST);
    static final URI AUTHORIZE_URI = URI.create(ISSUER + Endpoints.AUTHORIZE);
    static final String SECRET = SecretHash.generateSecret();

    /** A public client with keys: PKCE S256, may push, may sign. */
    static final String MOBILE = "mobile-app";
    static final String MOBILE_CB = "id.nu.app:/cb";
    /** A confidential client with a secret and keys, which must push (RFC 9126 §6). */
    static final String BANK = "bank-app";
    static final String BANK_CB = "https://bank.example.or.id/cb";
    /** A public client with keys, which must sign its requests (RFC 9101 §10.5). */
    static final String SIGNED = "signed-app";
    static final String SIGNED_CB = "https://signed.example.or.id/cb";
    /** A confidential client without keys, requirements or PKCE. */
    static final String PORTAL = "portal";
    static final String PORTAL_CB = "https://portal.example.or.id/callback";
    /** A public client whose keys are published at a URL. */
    static final String REMOTE = "remote-keys";
    static final String REMOTE_CB = "https://remote.example.or.id/cb";

    static final AuthenticatedUser ALICE = new AuthenticatedUser("alice", Instant.parse("2025-06-01T07:00:00Z"));

    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));
    final ECKey mobileKey = ecKey("mobile-1");
    final ECKey bankKey = ecKey("bank-1");
    final ECKey signedKey = ecKey("signed-1");
    /** A key no client registered. */
    final ECKey strangerKey = ecKey("mobile-1");
    final AuthorizationServer server;

    ParJarFixtures() {
        this(b -> { });
    }

    ParJarFixtures(Consumer<AuthorizationServer.Builder> configure) {
        AuthorizationServer.Builder b = AuthorizationServer.builder().issuer(ISSUER).clock(clock)
                .client(Client.publicClient(MOBILE).name("NU Mobile").redirectUri(MOBILE_CB).scopes("profile", "email")
                        .jwks(publicJwks(mobileKey)).build())
                .client(Client.confidential(BANK, SecretHash.of(SECRET)).name("Bank").redirectUri(BANK_CB)
                        .scopes("openid", "profile").jwks(publicJwks(bankKey))
                        .requirements(new ClientRequirements(true, false, false, false)).build())
                .client(Client.publicClient(SIGNED).redirectUri(SIGNED_CB).scopes("profile")
                        .jwks(publicJwks(signedKey))
                        .requirements(new ClientRequirements(false, true, false, false)).build())
                .client(Client.confidential(PORTAL, SecretHash.of(SECRET)).redirectUri(PORTAL_CB).scopes("profile")
                        .firstParty(true).build())
                .client(Client.publicClient(REMOTE).redirectUri(REMOTE_CB).scopes("profile")
                        .keys(ClientKeys.remote(URI.create("https://remote.example.or.id/jwks.json"))).build());
        configure.accept(b);
        server = b.build();
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String publicJwks(ECKey key) {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A Nimbus authorization request with PKCE S256 and a state. */
    static AuthorizationRequest.Builder request(String clientId, String redirectUri) {
        return new AuthorizationRequest.Builder(new ResponseType("code"), new ClientID(clientId))
                .redirectionURI(URI.create(redirectUri)).scope(new Scope("profile")).state(new State("st-1"))
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256);
    }

    /** The request's claims as a request object's (RFC 9101 §4), with iss, aud and a 5-minute exp. */
    JWTClaimsSet.Builder claims(AuthorizationRequest request) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder(request.toJWTClaimsSet()).issuer(request.getClientID().getValue())
                .audience(ISSUER.toString()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    /** Signs the claims with Nimbus (ES256, {@code typ: oauth-authz-req+jwt}, RFC 9101 §10.8). */
    static String sign(JWTClaimsSet claims, ECKey key) {
        return sign(claims, key, JWSAlgorithm.ES256);
    }

    static String sign(JWTClaimsSet claims, ECKey key, JWSAlgorithm alg) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID())
                    .type(new JOSEObjectType("oauth-authz-req+jwt")).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** The authorize parameters that carry only client_id and a request object (RFC 9101 §5). */
    static Map<String, List<String>> withObject(String clientId, String requestObject) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("client_id", List.of(clientId));
        p.put("request", List.of(requestObject));
        return p;
    }

    /** The authorize parameters that carry only client_id and a request_uri (RFC 9126 §4). */
    static Map<String, List<String>> withRequestUri(String clientId, String requestUri) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("client_id", List.of(clientId));
        p.put("request_uri", List.of(requestUri));
        return p;
    }

    AuthorizeResult authorize(Map<String, List<String>> parameters, AuthenticatedUser user) {
        return server.authorize(AuthorizeRequest.of(parameters, user));
    }

    AuthorizeResult authorizeApproved(Map<String, List<String>> parameters) {
        return server.authorize(AuthorizeRequest.of(parameters, ALICE).withConsent(ConsentDecision.APPROVED));
    }

    /** A Nimbus pushed authorization request, with client_secret_basic for confidential clients. */
    EndpointResponse push(String clientId, AuthorizationRequest request) {
        ClientAuthentication auth = clientId.equals(BANK) || clientId.equals(PORTAL)
                ? new ClientSecretBasic(new ClientID(clientId), new Secret(SECRET)) : null;
        PushedAuthorizationRequest par = auth != null ? new PushedAuthorizationRequest(PAR_URI, auth, request)
                : new PushedAuthorizationRequest(PAR_URI, request);
        return send(par.toHTTPRequest());
    }

    /** Sends a Nimbus-built HTTP request through {@link AuthorizationServer#handle}. */
    EndpointResponse send(HTTPRequest http) {
        return server.handle(endpointRequest(http));
    }

    static EndpointRequest endpointRequest(HTTPRequest http) {
        EndpointRequest.Builder b = EndpointRequest.builder(http.getMethod().name(), http.getURI().getPath()
                .substring(ISSUER.getPath().length()));
        http.getHeaderMap().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (http.getBody() != null) {
            b.body(http.getBody().getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** A form POST to the PAR endpoint written by hand. */
    EndpointResponse pushForm(String body, String authorization) {
        EndpointRequest.Builder b = EndpointRequest.builder("POST", Endpoints.PUSHED_AUTHORIZATION_REQUEST)
                .header("Content-Type", "application/x-www-form-urlencoded").body(body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.handle(b.build());
    }

    static String basic(String clientId) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(SECRET)).toHTTPAuthorizationHeader();
    }

    /** The answer read by Nimbus (RFC 9126 §2.2, §2.3). */
    static PushedAuthorizationResponse parse(EndpointResponse answer) {
        HTTPResponse http = new HTTPResponse(answer.status());
        answer.headers().forEach(http::setHeader);
        http.setBody(answer.body());
        try {
            return PushedAuthorizationResponse.parse(http);
        } catch (ParseException e) {
            throw new AssertionError("Nimbus cannot read " + answer.status() + " " + answer.body(), e);
        }
    }

    /** The request_uri of a successful push. */
    static String requestUri(EndpointResponse answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return parse(answer).toSuccessResponse().getRequestURI().toString();
    }

    /** The error code of a refused push. */
    static String pushError(EndpointResponse answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(400, 401);
        return parse(answer).toErrorResponse().getErrorObject().getCode();
    }
}

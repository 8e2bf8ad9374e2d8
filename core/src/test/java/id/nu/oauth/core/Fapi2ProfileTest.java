package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientRequirements;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client held to the FAPI 2.0 Security Profile (Final): PAR, PKCE S256, private_key_jwt only,
 * DPoP-bound tokens, PS256/ES256/EdDSA only, codes of at most 60 s. The whole flow with Nimbus as the
 * client, then each requirement refused on its own.
 */
class Fapi2ProfileTest {

    static final String FAPI = "fapi-bank";
    static final String REDIRECT = "https://bank.example.or.id/cb";
    static final URI PAR = URI.create("https://nu.id/api/oauth/par");
    static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");

    private final ECKey clientKey = PrivateKeyJwtTest.ecKey("fapi-1");
    private final RSAKey rsaKey = PrivateKeyJwtTest.rsaKey("fapi-rsa");
    private final ECKey dpopKey = PrivateKeyJwtTest.ecKey("dpop");
    private final TokenFixtures f = TokenFixtures.create(b -> b.codeLifetime(Duration.ofMinutes(5))
            .client(Client.confidentialWithKeys(FAPI, ClientKeys.inline(new JWKSet(List.of(clientKey.toPublicJWK(),
                            rsaKey.toPublicJWK())).toString()))
                    .redirectUri(REDIRECT).scopes("openid", "accounts").requirePkce(true)
                    .requirements(new ClientRequirements(true, false, true, true)).build()));

    private String assertion(URI audience, JWSAlgorithm alg) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(FAPI),
                List.of(new Audience(audience)), Date.from(f.clock.instant().plusSeconds(60)), null,
                Date.from(f.clock.instant()), new JWTID(UUID.randomUUID().toString()));
        return alg == JWSAlgorithm.RS256
                ? new PrivateKeyJWT(claims, alg, rsaKey.toRSAPrivateKey(), rsaKey.getKeyID(), null).getClientAssertion().serialize()
                : new PrivateKeyJWT(claims, alg, clientKey.toECPrivateKey(), clientKey.getKeyID(), null)
                        .getClientAssertion().serialize();
    }

    private String dpop(URI htu) throws Exception {
        return new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256)
                .createDPoPJWT(new JWTID(), "POST", htu, Date.from(f.clock.instant()), null, null).serialize();
    }

    private EndpointResponse post(String path, Map<String, String> form, String dpop) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        form.forEach((k, v) -> multi.put(k, List.of(v)));
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(multi).getBytes(StandardCharsets.UTF_8));
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        return f.server.handle(b.build());
    }

    private AuthorizeResult authorize(Map<String, String> query) {
        return f.server.authorize(AuthorizeRequest.of(Params.singleValued(query),
                new AuthenticatedUser(SUBJECT, f.clock.instant())).withConsent(ConsentDecision.APPROVED));
    }

    @Test
    void theWholeFlowUnderTheProfile() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        EndpointResponse pushed = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", FAPI, "redirect_uri", REDIRECT, "scope", "openid accounts",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256", "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)), null);
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
        String requestUri = (String) json(pushed).get("request_uri");

        AuthorizeResult result = authorize(form("client_id", FAPI, "request_uri", requestUri));
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        AuthorizationResponse response = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location());
        assertThat(response.getIssuer().getValue()).isEqualTo(ISSUER.toString()); // RFC 9207
        String code = response.toSuccessResponse().getAuthorizationCode().getValue();
        // §5.3.2.1: the code lives 60 s although the server's setting says 5 minutes
        f.clock.advance(Duration.ofSeconds(30));
        EndpointResponse tokens = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier.getValue(),
                "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)),
                dpop(TOKEN));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens).get("token_type")).isEqualTo("DPoP");
    }

    @Test
    void codesOfAFapiClientLiveSixtySeconds_fapi2Section5_3_2_1() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        EndpointResponse pushed = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", FAPI, "redirect_uri", REDIRECT, "scope", "accounts",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256", "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)), null);
        AuthorizeResult result = authorize(form("client_id", FAPI, "request_uri", (String) json(pushed).get("request_uri")));
        String code = AuthorizationResponse.parse(((AuthorizeResult.Redirect) result).location()).toSuccessResponse()
                .getAuthorizationCode().getValue();
        f.clock.advance(Duration.ofSeconds(61));
        assertError(post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier.getValue(),
                "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)), dpop(TOKEN)), 400, "invalid_grant");
    }

    @Test
    void authorizeWithoutParIsRefused_fapi2Section5_3_1_2() {
        AuthorizeResult result = authorize(form("response_type", "code", "client_id", FAPI, "redirect_uri", REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256"));
        assertThat(result).isNotInstanceOf(AuthorizeResult.LoginRequired.class);
        if (result instanceof AuthorizeResult.Redirect redirect) {
            assertThat(redirect.location().toString()).contains("error=").doesNotContain("code=");
        } else {
            assertThat(result).isInstanceOf(AuthorizeResult.ErrorPage.class);
        }
    }

    @Test
    void rs256AssertionsAreRefused_fapi2Section5_4_1() throws Exception {
        EndpointResponse r = post(Endpoints.PUSHED_AUTHORIZATION_REQUEST, form("response_type", "code",
                "client_id", FAPI, "redirect_uri", REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue(),
                "code_challenge_method", "S256", "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.RS256)), null);
        assertError(r, 401, "invalid_client");
    }

    @Test
    void tokensWithoutDpopAreRefused_fapi2Section5_3_2_2() throws Exception {
        EndpointResponse r = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", "whatever",
                "redirect_uri", REDIRECT, "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)), null);
        assertError(r, 400, "invalid_dpop_proof");
    }

    @Test
    void rs256DpopProofsAreRefused_fapi2Section5_4_1() throws Exception {
        RSAKey rsa = PrivateKeyJwtTest.rsaKey("dpop-rsa");
        String proof = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.RS256)
                .createDPoPJWT(new JWTID(), "POST", TOKEN, Date.from(f.clock.instant()), null, null).serialize();
        assertError(post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", "whatever",
                "redirect_uri", REDIRECT, "client_assertion_type", ClientAssertions.JWT_BEARER,
                "client_assertion", assertion(ISSUER, JWSAlgorithm.ES256)), proof), 400, "invalid_dpop_proof");
    }
}

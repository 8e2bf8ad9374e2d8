package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The demo portal, on Jetty and on Tomcat, driven by Spring Security's OAuth 2.0 client (the version
 * Spring Boot 4.0.7 manages) without a Spring application: its strict discovery
 * ({@link ClientRegistrations#fromIssuerLocation}), its OpenID Connect login provider (code exchange
 * with PKCE, id_token validation through {@link OidcIdTokenDecoderFactory}, UserInfo), JWT access
 * tokens through its RFC 9068 validator ({@link JwtValidators#createAtJwtValidator()}; the generic
 * {@link JwtDecoders#fromIssuerLocation} accepts typ JWT only), and its refresh-token, client-credentials and
 * {@code private_key_jwt} clients.
 */
class SpringSecurityClientInteropTest {

    private static final Map<InteropPortal.Container, InteropPortal> PORTALS = new EnumMap<>(InteropPortal.Container.class);

    private static synchronized InteropPortal portal(InteropPortal.Container container) throws Exception {
        InteropPortal portal = PORTALS.get(container);
        if (portal == null) {
            portal = InteropPortal.start(container);
            PORTALS.put(container, portal);
        }
        return portal;
    }

    @AfterAll
    static synchronized void stop() {
        PORTALS.values().forEach(InteropPortal::close);
        PORTALS.clear();
    }

    /** Spring's discovery: OIDC Discovery §4.3 / RFC 8414 §3.3, the issuer must be the one asked for. */
    private static ClientRegistration.Builder discovered(InteropPortal portal, String registrationId) {
        return ClientRegistrations.fromIssuerLocation(portal.issuer().toString()).registrationId(registrationId);
    }

    private static ClientRegistration secretClient(InteropPortal portal) {
        return discovered(portal, "interop-secret").clientId(InteropPortal.SECRET_CLIENT)
                .clientSecret(portal.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(InteropPortal.CALLBACK).scope("openid", "profile", "email", "orders.read").build();
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void discoveryFindsEveryEndpointUnderTheIssuer(InteropPortal.Container container) throws Exception {
        InteropPortal portal = portal(container);
        ClientRegistration registration = secretClient(portal);
        ClientRegistration.ProviderDetails provider = registration.getProviderDetails();
        String issuer = portal.issuer().toString();
        assertThat(provider.getIssuerUri()).isEqualTo(issuer);
        assertThat(provider.getAuthorizationUri()).isEqualTo(issuer + "/oauth/authorize");
        assertThat(provider.getTokenUri()).isEqualTo(issuer + "/oauth/token");
        assertThat(provider.getJwkSetUri()).isEqualTo(issuer + "/oauth/jwks");
        assertThat(provider.getUserInfoEndpoint().getUri()).isEqualTo(issuer + "/oauth/userinfo");
        assertThat(provider.getConfigurationMetadata()).containsEntry("authorization_response_iss_parameter_supported",
                true);
    }

    /** What a successful OpenID Connect login through Spring gave. */
    record Login(OAuth2LoginAuthenticationToken result, OAuth2AuthorizationResponse response) {
    }

    /**
     * OpenID Connect Core §3.1 through Spring's own login provider: PKCE S256 (RFC 7636), a nonce,
     * the code exchange with client_secret_basic, the id_token validated (JWS signature via the JWK
     * set, iss, aud, azp, exp, iat, nonce: §3.1.3.7) and the UserInfo sub matched to it (§5.3.4).
     */
    private static Login login(InteropPortal portal, ClientRegistration registration,
            RestClientAuthorizationCodeTokenResponseClient tokenClient) throws Exception {
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.UUID.randomUUID().toString()
                .getBytes(StandardCharsets.US_ASCII));
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
        String nonceHash = sha256(nonce);
        String challenge = sha256(verifier);
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId()).redirectUri(registration.getRedirectUri())
                .scopes(registration.getScopes()).state(java.util.UUID.randomUUID().toString())
                .attributes(a -> {
                    a.put(OidcParameterNames.NONCE, nonce);
                    a.put(PkceParameterNames.CODE_VERIFIER, verifier);
                    a.put("registration_id", registration.getRegistrationId());
                })
                .additionalParameters(p -> {
                    p.put(OidcParameterNames.NONCE, nonceHash);
                    p.put(PkceParameterNames.CODE_CHALLENGE, challenge);
                    p.put(PkceParameterNames.CODE_CHALLENGE_METHOD, "S256");
                })
                .build();
        UserAgent.Answer answer = portal.userAgent().open(URI.create(request.getAuthorizationRequestUri()));
        assertThat(answer.location()).as("%s", answer).startsWith(InteropPortal.CALLBACK + "?");
        UriComponents back = UriComponentsBuilder.fromUriString(answer.location()).build();
        Map<String, String> params = back.getQueryParams().toSingleValueMap();
        // RFC 9207 §2: Spring Security does not look at iss; the test does
        assertThat(decode(params.get("iss"))).isEqualTo(portal.issuer().toString());
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(decode(params.get("code")))
                .redirectUri(InteropPortal.CALLBACK).state(decode(params.get("state"))).build();
        OidcAuthorizationCodeAuthenticationProvider provider = new OidcAuthorizationCodeAuthenticationProvider(
                tokenClient, new OidcUserService());
        Authentication result = provider.authenticate(new OAuth2LoginAuthenticationToken(registration,
                new OAuth2AuthorizationExchange(request, response)));
        return new Login((OAuth2LoginAuthenticationToken) result, response);
    }

    private static String decode(String s) {
        return s == null ? null : java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String sha256(String value) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void openIdConnectLoginWithPkceValidatesTheIdTokenAndUserInfo(InteropPortal.Container container)
            throws Exception {
        InteropPortal portal = portal(container);
        Login login = login(portal, secretClient(portal), new RestClientAuthorizationCodeTokenResponseClient());
        OidcUser user = (OidcUser) login.result().getPrincipal();
        assertThat(user.getSubject()).isEqualTo(InteropPortal.SUBJECT);
        assertThat(user.getIdToken().getIssuer().toString()).isEqualTo(portal.issuer().toString());
        assertThat(user.getIdToken().getAudience()).contains(InteropPortal.SECRET_CLIENT);
        assertThat(user.getUserInfo()).as("UserInfo was called").isNotNull();
        assertThat(user.getUserInfo().getEmail()).isEqualTo(InteropPortal.EMAIL);
        assertThat(login.result().getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
        assertThat(login.result().getRefreshToken()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void jwtAccessTokenPassesSpringsRfc9068Validator(InteropPortal.Container container) throws Exception {
        // RFC 9068 §4: the resource server checks typ at+jwt, the signature (jwks_uri from discovery), iss,
        // aud, exp, and the client_id, sub, iat and jti claims (§2.2): Spring's createAtJwtValidator().
        InteropPortal portal = portal(container);
        String issuer = portal.issuer().toString();
        Login login = login(portal, secretClient(portal), new RestClientAuthorizationCodeTokenResponseClient());
        String accessToken = login.result().getAccessToken().getTokenValue();
        // the library's generic default (JwtDecoders.fromIssuerLocation) accepts typ "JWT" only, and so
        // refuses every RFC 9068 token: §2.1 says at+jwt MUST be the typ. The server is right; a resource
        // server configures Spring for access tokens as below (finding 1 in interop-it/README.md)
        JwtDecoder generic = JwtDecoders.fromIssuerLocation(issuer);
        assertThatThrownBy(() -> generic.decode(accessToken)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("typ");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).validateType(false).build();
        decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(issuer)
                .clientId(InteropPortal.SECRET_CLIENT).build());
        Jwt jwt = decoder.decode(accessToken);
        assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
        assertThat(jwt.getSubject()).isEqualTo(InteropPortal.SUBJECT);
        assertThat(jwt.getClaimAsString("client_id")).isEqualTo(InteropPortal.SECRET_CLIENT);
        // a token of another audience is refused by the same validator
        NimbusJwtDecoder otherAudience = NimbusJwtDecoder.withIssuerLocation(issuer).validateType(false).build();
        otherAudience.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer)
                .audience("https://orders.example.or.id/").clientId(InteropPortal.SECRET_CLIENT).build());
        assertThatThrownBy(() -> otherAudience.decode(accessToken)).isInstanceOf(JwtValidationException.class);
        // the id_token through Spring's own decoder factory once more, on its own (typ JWT)
        Jwt idToken = new OidcIdTokenDecoderFactory().createDecoder(secretClient(portal))
                .decode(((OidcUser) login.result().getPrincipal()).getIdToken().getTokenValue());
        assertThat(idToken.getSubject()).isEqualTo(InteropPortal.SUBJECT);
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void refreshTokenClientGetsANewAccessToken(InteropPortal.Container container) throws Exception {
        // RFC 6749 §6
        InteropPortal portal = portal(container);
        ClientRegistration registration = secretClient(portal);
        Login login = login(portal, registration, new RestClientAuthorizationCodeTokenResponseClient());
        OAuth2AccessTokenResponse refreshed = new RestClientRefreshTokenTokenResponseClient().getTokenResponse(
                new OAuth2RefreshTokenGrantRequest(registration, login.result().getAccessToken(),
                        login.result().getRefreshToken()));
        assertThat(refreshed.getAccessToken().getTokenValue()).isNotEqualTo(
                login.result().getAccessToken().getTokenValue());
        assertThat(refreshed.getAccessToken().getScopes()).contains("openid");
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void clientCredentialsWithSecretBasicAndPost(InteropPortal.Container container) throws Exception {
        // RFC 6749 §4.4 with both secret methods of §2.3.1
        InteropPortal portal = portal(container);
        for (ClientAuthenticationMethod method : new ClientAuthenticationMethod[] {
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST}) {
            ClientRegistration registration = discovered(portal, "cc-" + method.getValue())
                    .clientId(InteropPortal.SECRET_CLIENT).clientSecret(portal.clientSecret())
                    .clientAuthenticationMethod(method).authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scope("orders.read").build();
            OAuth2AccessTokenResponse response = new RestClientClientCredentialsTokenResponseClient()
                    .getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration));
            assertThat(response.getAccessToken().getScopes()).as(method.getValue()).containsExactly("orders.read");
            assertThat(response.getRefreshToken()).as("RFC 6749 §4.4.3").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(InteropPortal.Container.class)
    void privateKeyJwtSignedBySpring(InteropPortal.Container container) throws Exception {
        // RFC 7523 §2.2: Spring's NimbusJwtClientAuthenticationParametersConverter signs the assertion
        // (aud: the token endpoint) with the client's EC key, for client_credentials and for the code flow
        InteropPortal portal = portal(container);
        JWK key = portal.keyedClientKey();
        ClientRegistration cc = discovered(portal, "keyed-cc").clientId(InteropPortal.KEYED_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).scope("orders.read").build();
        RestClientClientCredentialsTokenResponseClient ccClient = new RestClientClientCredentialsTokenResponseClient();
        ccClient.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<>(r -> key));
        OAuth2AccessTokenResponse ccResponse = ccClient.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(cc));
        assertThat(ccResponse.getAccessToken().getScopes()).containsExactly("orders.read");

        ClientRegistration code = discovered(portal, "keyed-code").clientId(InteropPortal.KEYED_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(InteropPortal.CALLBACK)
                .scope("openid", "profile").build();
        RestClientAuthorizationCodeTokenResponseClient codeClient = new RestClientAuthorizationCodeTokenResponseClient();
        codeClient.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<>(r -> key));
        Login login = login(portal, code, codeClient);
        assertThat(((OidcUser) login.result().getPrincipal()).getSubject()).isEqualTo(InteropPortal.SUBJECT);
        assertThat(Set.copyOf(login.result().getAccessToken().getScopes())).contains("openid", "profile");
    }
}

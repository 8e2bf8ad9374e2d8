package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8414 authorization server metadata and OpenID Connect Discovery 1.0 provider metadata. */
class MetadataTest {

    private final OidcFixtures f = OidcFixtures.create();

    @Test
    void nimbusParsesTheRfc8414Document_rfc8414_2() throws Exception {
        AuthorizationServerMetadata m = AuthorizationServerMetadata.parse(f.server.authorizationServerMetadata());

        // RFC 8414 §3.3: the issuer is identical to the one the server was configured with.
        assertThat(m.getIssuer().getValue()).isEqualTo("https://nu.id/api");
        assertThat(m.getAuthorizationEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/authorize"));
        assertThat(m.getTokenEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/token"));
        assertThat(m.getRevocationEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/revoke"));
        assertThat(m.getIntrospectionEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/introspect"));
        assertThat(m.getJWKSetURI()).isEqualTo(URI.create("https://nu.id/api/oauth/jwks"));
        assertThat(m.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(m.getGrantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS);
        assertThat(m.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(m.getTokenEndpointAuthMethods()).containsExactlyInAnyOrder(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.PRIVATE_KEY_JWT, ClientAuthenticationMethod.TLS_CLIENT_AUTH,
                ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthenticationMethod.NONE); // RFC 8705 §2
        assertThat(m.getRevocationEndpointAuthMethods()).contains(ClientAuthenticationMethod.NONE);
        assertThat(m.getIntrospectionEndpointAuthMethods()).containsExactlyInAnyOrder(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.PRIVATE_KEY_JWT, ClientAuthenticationMethod.TLS_CLIENT_AUTH,
                ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        assertThat(m.supportsTLSClientCertificateBoundAccessTokens()).isTrue(); // RFC 8705 §3.3
        assertThat(m.supportsAuthorizationResponseIssuerParam()).isTrue(); // RFC 9207 §3
        assertThat(m.getScopes().toStringList()).contains("openid", "profile", "email", "phone", "address",
                "nu_member", "reports.read");
        // No OpenID Connect members in the OAuth document.
        assertThat(JSONObjectUtils.parse(f.server.authorizationServerMetadata()))
                .doesNotContainKeys("userinfo_endpoint", "subject_types_supported");
    }

    @Test
    void nimbusParsesTheDiscoveryDocument_oidcDiscovery_3() throws Exception {
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(f.server.openIdConfiguration());

        assertThat(m.getIssuer().getValue()).isEqualTo("https://nu.id/api");
        assertThat(m.getUserInfoEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/userinfo"));
        assertThat(m.getAuthorizationEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/authorize"));
        assertThat(m.getTokenEndpointURI()).isEqualTo(URI.create("https://nu.id/api/oauth/token"));
        assertThat(m.getJWKSetURI()).isEqualTo(URI.create("https://nu.id/api/oauth/jwks"));
        assertThat(m.getSubjectTypes()).containsExactly(SubjectType.PUBLIC);
        // Discovery §3: RS256 MUST be listed.
        assertThat(m.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
        assertThat(m.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(m.getScopes().toStringList()).contains("openid");
        assertThat(m.getClaims()).contains("sub", "iss", "auth_time", "nonce", "name", "email", "email_verified",
                "phone_number", "address");
        assertThat(m.supportsRequestURIParam()).isFalse(); // absent would mean true
        assertThat(m.supportsRequestParam()).isTrue(); // RFC 9101 signed request objects
        assertThat(m.getPushedAuthorizationRequestEndpointURI())
                .isEqualTo(URI.create("https://nu.id/api/oauth/par")); // RFC 9126 §5
        assertThat(m.requiresPushedAuthorizationRequests()).isFalse();
        assertThat(m.getResponseModes()).extracting(Object::toString).containsExactly("query", "form_post");
        assertThat(m.supportsClaimsParam()).isTrue(); // OIDC Core §5.5
        assertThat(m.supportsAuthorizationResponseIssuerParam()).isTrue();
    }

    @Test
    void bothDocumentsNameTheSameEndpoints() throws Exception {
        Map<String, Object> oauth = JSONObjectUtils.parse(f.server.authorizationServerMetadata());
        Map<String, Object> openid = JSONObjectUtils.parse(f.server.openIdConfiguration());

        for (String member : new String[] {"issuer", "authorization_endpoint", "token_endpoint",
                "revocation_endpoint", "introspection_endpoint", "jwks_uri", "scopes_supported",
                "grant_types_supported", "code_challenge_methods_supported"}) {
            assertThat(openid.get(member)).as(member).isEqualTo(oauth.get(member)).isNotNull();
        }
    }

    @Test
    void theDocumentsFollowTheConfiguration() throws Exception {
        OidcFixtures custom = OidcFixtures.create(b -> b.issuer(URI.create("https://login.nu.id/"))
                .pairwiseSubjects(new byte[32]).idTokenSigningAlgorithm(SigningAlgorithm.ES256)
                .scopeClaims("nu_member", "member_number"));

        OIDCProviderMetadata m = OIDCProviderMetadata.parse(custom.server.openIdConfiguration());

        assertThat(m.getIssuer().getValue()).isEqualTo("https://login.nu.id/");
        // A trailing slash on the issuer does not double the separator.
        assertThat(m.getTokenEndpointURI()).isEqualTo(URI.create("https://login.nu.id/oauth/token"));
        assertThat(m.getSubjectTypes()).containsExactly(SubjectType.PAIRWISE);
        assertThat(m.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256);
        assertThat(m.getClaims()).contains("member_number");
        assertThat(m.getScopes().toStringList()).contains("nu_member");
    }

    @Test
    void theJwksUriServesTheKeysTheTokensAreSignedWith() throws Exception {
        String kid = com.nimbusds.jwt.SignedJWT.parse(f.login(OidcFixtures.WEB, "openid", null).idToken())
                .getHeader().getKeyID();

        assertThat(f.jwks().getKeyByKeyId(kid)).isNotNull();
    }
}

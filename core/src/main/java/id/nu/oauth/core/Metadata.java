package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.claims.ClaimType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server's self-description, built with Nimbus's metadata models from the configuration:
 * RFC 8414 authorization server metadata and OpenID Connect Discovery 1.0 §3 provider metadata.
 * Both name the same endpoints, all under the issuer ({@link Endpoints}).
 */
final class Metadata {

    private final String oauth;
    private final String openid;

    Metadata(Settings settings, OidcSettings oidc, Set<String> clientScopes, RequestPolicy requestPolicy,
            boolean registration, boolean fapi2, boolean clientSecretJwt) {
        Issuer issuer = new Issuer(settings.issuer().toString());
        URI base = settings.issuer();

        Set<String> scopes = new TreeSet<>(clientScopes);
        scopes.add(OidcSettings.OPENID);
        scopes.addAll(oidc.scopeClaims().scopes());
        // RFC 8705 §2: mutual TLS on the same endpoints (no mtls_endpoint_aliases, §5): it works where
        // the host's TLS container asks for client certificates and passes them on
        List<ClientAuthenticationMethod> confidentialAuth = new ArrayList<>(List.of(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST));
        if (clientSecretJwt && !fapi2) {
            // RFC 7523 §2.2: only with the host's key, which opens the clients' sealed secrets
            confidentialAuth.add(ClientAuthenticationMethod.CLIENT_SECRET_JWT);
        }
        confidentialAuth.addAll(List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.TLS_CLIENT_AUTH, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH));
        List<ClientAuthenticationMethod> clientAuth = new ArrayList<>(confidentialAuth);
        clientAuth.add(ClientAuthenticationMethod.NONE);
        if (fapi2) {
            // FAPI 2.0 Security Profile §5.3.2.2 item 4 (the Client constructor refuses the others)
            clientAuth = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT, ClientAuthenticationMethod.TLS_CLIENT_AUTH,
                    ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
            confidentialAuth = clientAuth;
        }
        // RFC 8414 §2: the algorithms a private_key_jwt (and, with the key, a client_secret_jwt)
        // assertion may be signed with
        Set<com.nimbusds.jose.JWSAlgorithm> assertionAlgorithms = new java.util.HashSet<>(ClientAssertions.DEFAULT_ALGORITHMS);
        if (clientSecretJwt) {
            assertionAlgorithms.addAll(ClientAssertions.HMAC_ALGORITHMS); // fapi2Only drops them under FAPI 2.0
        }
        List<com.nimbusds.jose.JWSAlgorithm> assertionAlgs = fapi2Only(assertionAlgorithms, fapi2);

        OIDCProviderMetadata op = new OIDCProviderMetadata(issuer, List.of(oidc.subjects().type()),
                Endpoints.under(base, Endpoints.JWKS));
        op.setAuthorizationEndpointURI(Endpoints.under(base, Endpoints.AUTHORIZE));
        op.setTokenEndpointURI(Endpoints.under(base, Endpoints.TOKEN));
        op.setRevocationEndpointURI(Endpoints.under(base, Endpoints.REVOKE));
        op.setIntrospectionEndpointURI(Endpoints.under(base, Endpoints.INTROSPECT));
        op.setUserInfoEndpointURI(Endpoints.under(base, Endpoints.USERINFO));
        op.setScopes(new Scope(scopes.toArray(String[]::new)));
        op.setResponseTypes(List.of(ResponseType.CODE));
        op.setResponseModes(List.of(ResponseMode.QUERY, ResponseMode.FORM_POST)); // ResponseModes.SUPPORTED
        op.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS));
        // RFC 9700 §2.1.1: S256 only, whatever single clients may have been allowed.
        op.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        // "none": public clients identify with client_id alone (RFC 6749 §2.3, OIDC Core §9).
        op.setTokenEndpointAuthMethods(clientAuth);
        op.setRevocationEndpointAuthMethods(clientAuth);
        op.setIntrospectionEndpointAuthMethods(confidentialAuth);
        op.setTokenEndpointJWSAlgs(assertionAlgs);
        op.setRevocationEndpointJWSAlgs(assertionAlgs);
        op.setIntrospectionEndpointJWSAlgs(assertionAlgs);
        // RFC 9449 §5.1
        op.setDPoPJWSAlgs(fapi2Only(DpopProofs.DEFAULT_ALGORITHMS, fapi2));
        op.setSupportsTLSClientCertificateBoundAccessTokens(true); // RFC 8705 §3.3
        op.setIDTokenJWSAlgs(List.of(Jose.jws(oidc.idTokenAlgorithm())));
        op.setSupportsAuthorizationResponseIssuerParam(true); // RFC 9207, the iss on every redirect
        // RFC 9101: signed request objects in "request"; request_uri only from our own pushed
        // authorization request endpoint (RFC 9126), never fetched, hence not "supported" here
        // (OIDC Discovery §3: absent would mean true).
        op.setSupportsRequestParam(true);
        op.setRequestObjectJWSAlgs(fapi2 ? RequestObjects.ALGORITHMS_IN_ORDER.stream()
                .filter(Fapi2.ALGORITHMS::contains).toList() : RequestObjects.ALGORITHMS_IN_ORDER);
        op.setSupportsRequestURIParam(false);
        op.setPushedAuthorizationRequestEndpointURI(Endpoints.under(base, Endpoints.PUSHED_AUTHORIZATION_REQUEST));
        op.requiresPushedAuthorizationRequests(requestPolicy.requirePushedRequests());
        op.setRequiresSignedRequestObject(false); // per client only (RFC 9101 §10.5)
        op.setSupportsClaimsParams(true); // OpenID Connect Core 1.0 §5.5
        if (!oidc.acrValues().isEmpty()) {
            op.setACRs(oidc.acrValues().stream().map(com.nimbusds.openid.connect.sdk.claims.ACR::new).toList());
        }
        op.setClaimTypes(List.of(ClaimType.NORMAL));
        // OpenID Connect RP-Initiated Logout 1.0 §2.1 and Back-Channel Logout 1.0 §2.1: an
        // end-session endpoint, logout tokens to each client's back channel, with sid.
        op.setEndSessionEndpointURI(Endpoints.under(base, Endpoints.END_SESSION));
        op.setSupportsBackChannelLogout(true);
        op.setSupportsBackChannelLogoutSession(true);
        List<String> claims = new ArrayList<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce",
                "at_hash", "acr", "sid"));
        claims.addAll(oidc.scopeClaims().claimNames());
        op.setClaims(claims);
        if (registration) {
            // RFC 8414 §2, OpenID Connect Discovery 1.0 §3: only when dynamic registration is enabled
            op.setRegistrationEndpointURI(Endpoints.under(base, Endpoints.REGISTRATION));
        }
        this.openid = op.toJSONObject().toJSONString();

        // RFC 8414 §2: the same, without the OpenID Connect members.
        AuthorizationServerMetadata as = new AuthorizationServerMetadata(issuer);
        as.setAuthorizationEndpointURI(op.getAuthorizationEndpointURI());
        as.setTokenEndpointURI(op.getTokenEndpointURI());
        as.setRevocationEndpointURI(op.getRevocationEndpointURI());
        as.setIntrospectionEndpointURI(op.getIntrospectionEndpointURI());
        as.setJWKSetURI(op.getJWKSetURI());
        as.setScopes(op.getScopes());
        as.setResponseTypes(op.getResponseTypes());
        as.setResponseModes(op.getResponseModes());
        as.setGrantTypes(op.getGrantTypes());
        as.setCodeChallengeMethods(op.getCodeChallengeMethods());
        as.setTokenEndpointAuthMethods(op.getTokenEndpointAuthMethods());
        as.setRevocationEndpointAuthMethods(op.getRevocationEndpointAuthMethods());
        as.setIntrospectionEndpointAuthMethods(op.getIntrospectionEndpointAuthMethods());
        as.setTokenEndpointJWSAlgs(op.getTokenEndpointJWSAlgs());
        as.setRevocationEndpointJWSAlgs(op.getRevocationEndpointJWSAlgs());
        as.setIntrospectionEndpointJWSAlgs(op.getIntrospectionEndpointJWSAlgs());
        as.setSupportsAuthorizationResponseIssuerParam(true);
        as.setDPoPJWSAlgs(op.getDPoPJWSAlgs());
        as.setSupportsTLSClientCertificateBoundAccessTokens(true);
        as.setSupportsRequestParam(true);
        as.setRequestObjectJWSAlgs(op.getRequestObjectJWSAlgs());
        as.setSupportsRequestURIParam(false);
        as.setPushedAuthorizationRequestEndpointURI(op.getPushedAuthorizationRequestEndpointURI());
        as.requiresPushedAuthorizationRequests(requestPolicy.requirePushedRequests());
        as.setRequiresSignedRequestObject(false);
        as.setRegistrationEndpointURI(op.getRegistrationEndpointURI());
        this.oauth = as.toJSONObject().toJSONString();
    }

    /**
     * The algorithms sorted by name; under the FAPI 2.0 switch only those its §5.4.1 allows (the
     * engine refuses the others for every client, {@link Fapi2#allows}).
     */
    private static List<com.nimbusds.jose.JWSAlgorithm> fapi2Only(
            java.util.Collection<com.nimbusds.jose.JWSAlgorithm> algs, boolean fapi2) {
        return algs.stream().filter(a -> !fapi2 || Fapi2.ALGORITHMS.contains(a))
                .sorted(java.util.Comparator.comparing(com.nimbusds.jose.JWSAlgorithm::getName)).toList();
    }

    /** RFC 8414 §3.2. */
    String authorizationServer() {
        return oauth;
    }

    /** OpenID Connect Discovery 1.0 §4.2. */
    String openIdConfiguration() {
        return openid;
    }
}

package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * POST /oauth/introspect (RFC 7662): tells an authenticated confidential client whether a token is
 * active, and if so its scope, client, subject, lifetime and audience (§2.2).
 *
 * <p>Who may ask: a confidential client that authenticates (client_secret_basic or
 * client_secret_post), about its own tokens, and a client registered as a resource server about
 * other clients' access tokens too ({@link IntrospectionPermission}, RFC 7662 §4); about any other
 * token it learns {@code {"active":false}}. Public clients have no credentials and may not introspect
 * (§4: the endpoint must not become an oracle for token scanning): they get {@code invalid_client}, 401.
 *
 * <p>Access and refresh tokens, opaque or JWT, are looked up by hash, so a revoked JWT is
 * inactive like any other. An expired, revoked, rotated, unknown or malformed token gets
 * {@code {"active":false}} and nothing more (§2.2).
 */
final class IntrospectionEndpoint {

    private final Settings settings;
    private final OidcSettings oidc;
    private final Storage storage;
    private final ClientAuthenticator authenticator;

    IntrospectionEndpoint(Settings settings, OidcSettings oidc, Storage storage, ClientAuthenticator authenticator) {
        this.settings = settings;
        this.oidc = oidc;
        this.storage = storage;
        this.authenticator = authenticator;
    }

    EndpointResponse introspect(EndpointRequest request) {
        ClientAuthenticator.Read read = authenticator.read(request);
        if (read instanceof ClientAuthenticator.Refused refused) {
            return refused.response();
        }
        Params params = ((ClientAuthenticator.Call) read).params();
        Client caller = ((ClientAuthenticator.Call) read).client();
        if (caller == null || caller.type() != ClientType.CONFIDENTIAL) {
            // RFC 7662 §2.1: the endpoint requires authorization; §2.3: 401 for the caller.
            return authenticator.refuse(new ClientAuthenticator.Failed(OAuthError.invalidClient(
                    "introspection requires an authenticated confidential client")));
        }
        String value = params.get("token");
        if (value == null) {
            return Responses.error(OAuthError.invalidRequest("token is missing"));
        }
        // token_type_hint (§2.1) only orders lookups; one lookup by hash answers every kind.
        Instant now = settings.clock().instant();
        Token token = storage.tokens().find(TokenHasher.hash(value)).orElse(null);
        Client owner = token == null || !token.isUsableAt(now) || !IntrospectionPermission.allows(caller, token)
                ? null : storage.clients().find(token.clientId()).orElse(null);
        Events.emit(new OAuthEvent.Introspected(now, Events.correlationId(), caller.clientId(), owner != null));
        if (owner == null) {
            return inactive();
        }
        TokenIntrospectionSuccessResponse.Builder answer = new TokenIntrospectionSuccessResponse.Builder(true)
                .clientID(new ClientID(token.clientId()))
                .subject(new Subject(oidc.subjects().of(token.subject(), owner)))
                .issueTime(Date.from(token.issuedAt()))
                .expirationTime(Date.from(token.expiresAt()))
                .issuer(new Issuer(settings.issuer().toString()));
        if (!token.scopes().isEmpty()) {
            answer.scope(Scope.parse(Scopes.format(token.scopes())));
        }
        if (token.kind() == TokenKind.ACCESS) {
            answer.tokenType(token.senderConstrained() ? AccessTokenType.DPOP : AccessTokenType.BEARER)
                    // RFC 7662 §2.2, RFC 8707 §2: the resources it was issued for, or the configured audience
                    .audience(ResourceIndicators.audience(token.resources(), oidc.accessTokenAudience()).stream()
                            .map(Audience::new).toList());
        }
        java.util.Map<String, Object> cnf = ClientCertificates.confirmation(token.jkt(), token.x5t());
        if (cnf != null) {
            // RFC 9449 §6.2: the key the token is bound to; RFC 8705 §3.2: the certificate
            answer.parameter("cnf", cnf);
        }
        return Responses.json(200, answer.build().toJSONObject());
    }

    private static EndpointResponse inactive() {
        return Responses.json(200, new TokenIntrospectionSuccessResponse.Builder(false).build().toJSONObject());
    }
}

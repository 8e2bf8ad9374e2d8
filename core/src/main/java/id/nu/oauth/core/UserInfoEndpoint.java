package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET or POST /oauth/userinfo (OpenID Connect Core 1.0 §5.3): the claims about the user that the
 * access token's scopes release (§5.4), from the host's {@link ClaimsSource}, always with the
 * same {@code sub} as the client's id_token (§5.3.2). Errors as RFC 6750 §3: 401 with
 * {@code WWW-Authenticate: Bearer} (no error code when no token was sent, {@code invalid_token}
 * for a token that is unknown, expired or revoked), 403 {@code insufficient_scope} when
 * {@code openid} was not granted, 400 {@code invalid_request} for a malformed request.
 */
final class UserInfoEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(UserInfoEndpoint.class);

    private final Settings settings;
    private final OidcSettings oidc;
    private final Storage storage;
    private final String realm;

    UserInfoEndpoint(Settings settings, OidcSettings oidc, Storage storage) {
        this.settings = settings;
        this.oidc = oidc;
        this.storage = storage;
        this.realm = settings.issuer().toString();
    }

    EndpointResponse userinfo(EndpointRequest request) {
        Params params = settings.params(request.parameters());
        if (params.structuralProblem() != null) {
            return challenge(new BearerTokenError("invalid_request", "the request has too many parameters", 400));
        }
        BearerCredentials.Result credentials = BearerCredentials.read(params, request.authorization());
        if (credentials instanceof BearerCredentials.Malformed malformed) {
            return challenge(new BearerTokenError("invalid_request", malformed.description(), 400));
        }
        if (!(credentials instanceof BearerCredentials.Present present)) {
            return challenge(BearerTokenError.MISSING_TOKEN);
        }
        String value = present.token();
        if (value.length() > settings.maxParameterLength()) {
            return invalidToken();
        }
        Token token = storage.tokens().find(TokenHasher.hash(value)).orElse(null);
        if (token == null || token.kind() != TokenKind.ACCESS || !token.isUsableAt(settings.clock().instant())) {
            return invalidToken();
        }
        if (token.subject() == null || !token.scopes().contains(OidcSettings.OPENID)) {
            // RFC 6750 §3.1; OIDC Core §5.3: the UserInfo endpoint serves OpenID Connect tokens.
            return challenge(BearerTokenError.INSUFFICIENT_SCOPE
                    .setDescription("the access token was not granted the openid scope")
                    .setScope(new Scope(OidcSettings.OPENID)));
        }
        Client client = storage.clients().find(token.clientId()).orElse(null);
        if (client == null) {
            return invalidToken();
        }
        Map<String, Object> claims;
        try {
            claims = oidc.claimsSource().claims(token.subject());
        } catch (RuntimeException fault) {
            LOG.error("userinfo: the claims source failed for grant {}", token.grantId(), fault);
            return Responses.error(OAuthError.serverError());
        }
        String sub = oidc.subjects().of(token.subject(), client);
        return Responses.json(200, oidc.scopeClaims().release(sub, claims, token.scopes()));
    }

    private EndpointResponse invalidToken() {
        return challenge(BearerTokenError.INVALID_TOKEN
                .setDescription("the access token is unknown, expired or revoked"));
    }

    /** RFC 6750 §3: the status, the {@code WWW-Authenticate: Bearer} challenge, and the error as JSON. */
    private EndpointResponse challenge(BearerTokenError error) {
        BearerTokenError withRealm = error.setRealm(realm);
        Map<String, Object> body = new LinkedHashMap<>();
        if (withRealm.getCode() != null) {
            body.put("error", withRealm.getCode());
            if (withRealm.getDescription() != null) {
                body.put("error_description", withRealm.getDescription());
            }
        }
        EndpointResponse json = Responses.json(withRealm.getHTTPStatusCode(), body);
        Map<String, String> headers = new HashMap<>(json.headers());
        headers.put("WWW-Authenticate", withRealm.toWWWAuthenticateHeader());
        if (body.isEmpty()) {
            headers.remove("Content-Type");
        }
        return new EndpointResponse(withRealm.getHTTPStatusCode(), headers, body.isEmpty() ? "" : json.body());
    }
}

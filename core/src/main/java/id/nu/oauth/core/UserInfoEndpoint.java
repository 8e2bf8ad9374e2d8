package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET or POST /oauth/userinfo (OpenID Connect Core 1.0 §5.3), and the same bearer-token check for
 * the host's own resources: the claims about the user that the access token's scopes release
 * (§5.4), from the host's {@link ClaimsSource}, always with the same {@code sub} as the client's
 * id_token (§5.3.2). Errors as RFC 6750 §3: 401 with {@code WWW-Authenticate: Bearer} (no error
 * code when no token was sent, {@code invalid_token} for a token that is unknown, expired or
 * revoked), 403 {@code insufficient_scope}, 400 {@code invalid_request} for a malformed request.
 */
final class UserInfoEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(UserInfoEndpoint.class);
    private static final List<String> METHODS = List.of("GET", "POST");

    private final Settings settings;
    private final OidcSettings oidc;
    private final Storage storage;
    private final HttpEdge edge;
    private final String realm;
    private final DpopProofs dpop;

    UserInfoEndpoint(Settings settings, OidcSettings oidc, Storage storage, HttpEdge edge, DpopProofs dpop) {
        this.settings = settings;
        this.dpop = dpop;
        this.oidc = oidc;
        this.storage = storage;
        this.edge = edge;
        this.realm = settings.issuer().toString();
    }

    EndpointResponse userinfo(EndpointRequest request) {
        OAuthError method = HttpEdge.methodProblem(request, METHODS);
        if (method != null) {
            return Responses.methodNotAllowed(method, METHODS);
        }
        Map<String, List<String>> form = null;
        if ("POST".equals(request.method())) {
            Checked<Map<String, List<String>>> body = edge.body(request);
            if (body instanceof Checked.Failed<Map<String, List<String>>> failed) {
                return Responses.resourceError(failed.error(), realm, null);
            }
            form = ((Checked.Ok<Map<String, List<String>>>) body).value();
            if (settings.params(form).structuralProblem() != null) {
                return Responses.resourceError(OAuthError.invalidRequest("the request has too many parameters"),
                        realm, null);
            }
        }
        Checked<Token> checked = activeToken(request, form, Endpoints.USERINFO);
        if (checked instanceof Checked.Failed<Token> failed) {
            return denied(failed.error());
        }
        Token token = ((Checked.Ok<Token>) checked).value();
        if (token.subject() == null || !token.scopes().contains(OidcSettings.OPENID)) {
            // RFC 6750 §3.1; OIDC Core §5.3: the UserInfo endpoint serves OpenID Connect tokens.
            return Responses.resourceError(OAuthError.of(ErrorCode.INSUFFICIENT_SCOPE,
                    "the access token was not granted the openid scope"), realm, OidcSettings.OPENID);
        }
        Client client = storage.clients().find(token.clientId()).orElse(null);
        if (client == null) {
            return Responses.resourceError(INVALID_TOKEN, realm, null);
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

    /**
     * The host's own resource: the bearer token from the {@code Authorization} header only, active,
     * and with every required scope.
     */
    ResourceAccess protectedResource(EndpointRequest request, Set<String> requiredScopes, String resource) {
        Checked<Token> checked = activeToken(request, null, null);
        if (checked instanceof Checked.Failed<Token> failed) {
            return new ResourceAccess.Denied(denied(failed.error()));
        }
        Token token = ((Checked.Ok<Token>) checked).value();
        AccessTokenValidation.Active active = AuthorizationServer.active(token, oidc.accessTokenAudience());
        if (resource != null && !active.audience().contains(resource)) {
            // RFC 8707 §1, RFC 6750 §3.1: a token for another resource is not valid here.
            return new ResourceAccess.Denied(Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                    "the access token is not for this resource"), realm, null));
        }
        if (!token.scopes().containsAll(requiredScopes)) {
            return new ResourceAccess.Denied(Responses.resourceError(OAuthError.of(ErrorCode.INSUFFICIENT_SCOPE,
                    "the access token lacks a required scope"), realm, Scopes.format(requiredScopes)));
        }
        return new ResourceAccess.Granted(active);
    }

    private static final OAuthError INVALID_TOKEN = OAuthError.of(ErrorCode.INVALID_TOKEN,
            "the access token is unknown, expired or revoked");

    /** A DPoP-bound token sent with the Bearer scheme (RFC 9449 §7.2): answered with the DPoP challenge. */
    private static final OAuthError BOUND_AS_BEARER = OAuthError.of(ErrorCode.INVALID_TOKEN,
            "the access token is DPoP-bound: send it with the DPoP scheme and a proof (RFC 9449 section 7.2)");

    /**
     * A DPoP error, and a DPoP-bound token sent as a bearer token, get the DPoP challenge with the
     * algorithms (RFC 9449 §7.1: the client learns which scheme and proof the token needs); every
     * other error the Bearer one (RFC 6750 §3).
     */
    private EndpointResponse denied(OAuthError error) {
        ErrorCode code = error.errorCode();
        if (code == ErrorCode.INVALID_DPOP_PROOF || code == ErrorCode.USE_DPOP_NONCE || error == BOUND_AS_BEARER) {
            return Responses.dpopResourceError(error, realm, String.join(" ", dpop.algorithmNames()),
                    code == ErrorCode.USE_DPOP_NONCE ? dpop.nonce() : null);
        }
        return Responses.resourceError(error, realm, null);
    }

    /**
     * The request's access token (RFC 6750 §2, RFC 9449 §7), looked up and active, or the error. A
     * token bound to a DPoP key counts only with the {@code DPoP} scheme and a proof of that key
     * over this request and this token ({@code ath}); as a plain bearer token it is refused (§7.2).
     *
     * @param path the endpoint's path under the issuer for the proof's {@code htu}, or {@code null}
     *     for a host's resource (then the request URL)
     */
    private Checked<Token> activeToken(EndpointRequest request, Map<String, List<String>> form, String path) {
        BearerCredentials.Result credentials = BearerCredentials.read(request, form);
        if (credentials instanceof BearerCredentials.Malformed malformed) {
            return Checked.failed(OAuthError.invalidRequest(malformed.description()));
        }
        if (!(credentials instanceof BearerCredentials.Present present)) {
            return Checked.failed(OAuthError.of(ErrorCode.MISSING_TOKEN, "no access token was sent"));
        }
        String value = present.token();
        if (value.length() > settings.maxParameterLength()) {
            return Checked.failed(INVALID_TOKEN);
        }
        Token token = storage.tokens().find(TokenHasher.hash(value)).orElse(null);
        if (token == null || token.kind() != TokenKind.ACCESS || !token.isUsableAt(settings.clock().instant())) {
            return Checked.failed(INVALID_TOKEN);
        }
        if (token.certificateBound() && !ClientCertificates.presents(request, token.x5t())) {
            // RFC 8705 §3: a certificate-bound token is good only over TLS with that certificate
            return Checked.failed(OAuthError.of(ErrorCode.INVALID_TOKEN, "the access token is bound to a TLS client "
                    + "certificate this request did not present (RFC 8705 section 3)"));
        }
        if (!token.senderConstrained()) {
            return present.dpop()
                    ? Checked.failed(OAuthError.of(ErrorCode.INVALID_TOKEN,
                            "the access token is not DPoP-bound: send it with the Bearer scheme"))
                    : Checked.ok(token);
        }
        if (!present.dpop()) {
            return Checked.failed(BOUND_AS_BEARER);
        }
        DpopProofs.Outcome proof = dpop.check(request, path, value, false);
        if (proof instanceof DpopProofs.Invalid bad) {
            return Checked.failed(bad.error());
        }
        if (!(proof instanceof DpopProofs.Valid valid)) {
            return Checked.failed(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                    "a DPoP-bound access token needs a DPoP proof (RFC 9449 section 7.1)"));
        }
        if (!valid.jkt().equals(token.jkt())) {
            return Checked.failed(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                    "the DPoP proof is not signed by the key the access token is bound to"));
        }
        return Checked.ok(token);
    }
}

package id.nu.oauth.core;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.GrantType;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Syntax;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /oauth/authorize (RFC 6749 §4.1.1, §4.1.2). First the client and its redirect URI are
 * verified, and any problem there is shown to the user, never redirected (§4.1.2.1). Every later
 * problem goes back to the verified redirect URI as an error with the {@code state}.
 */
final class AuthorizeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizeEndpoint.class);

    private final Settings settings;
    private final Storage storage;

    AuthorizeEndpoint(Settings settings, Storage storage) {
        this.settings = settings;
        this.storage = storage;
    }

    AuthorizeResult handle(AuthorizeRequest request) {
        if (request.problem() != null) {
            return new AuthorizeResult.ErrorPage(request.problem());
        }
        Params params = settings.params(request.parameters());
        Verified verified;
        try {
            Checked<Verified> outcome = verifyClientAndRedirect(params, request.post() ? 303 : 302);
            if (outcome instanceof Checked.Failed<Verified> failed) {
                return new AuthorizeResult.ErrorPage(failed.error());
            }
            verified = ((Checked.Ok<Verified>) outcome).value();
        } catch (RuntimeException fault) {
            LOG.error("authorize: storage or internal fault before the redirect URI was verified", fault);
            return new AuthorizeResult.ErrorPage(OAuthError.serverError());
        }
        try {
            return afterVerification(params, verified, request);
        } catch (RuntimeException fault) {
            LOG.error("authorize: storage or internal fault for client {}", verified.client.clientId(), fault);
            return verified.error(OAuthError.serverError());
        }
    }

    /** The client and the redirect URI that may be trusted, and the state to echo. */
    private final class Verified {
        final Client client;
        final String redirectUri;
        final boolean redirectUriInRequest;
        final String state;
        final int status;

        Verified(Client client, String redirectUri, boolean redirectUriInRequest, String state, int status) {
            this.client = client;
            this.redirectUri = redirectUri;
            this.redirectUriInRequest = redirectUriInRequest;
            this.state = state;
            this.status = status;
        }

        AuthorizeResult.Redirect error(OAuthError error) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("error", error.code());
            query.put("error_description", error.description());
            return redirect(query);
        }

        AuthorizeResult.Redirect redirect(Map<String, String> query) {
            if (state != null) {
                query.put("state", state);
            }
            query.put("iss", settings.issuer().toString()); // RFC 9207
            // RFC 6749 §3.1.2: keep the registered URI's query and add to it; a URI that already
            // ends with its separator ("cb?" or "cb?a=1&") gets no second one.
            StringBuilder location = new StringBuilder(redirectUri);
            String separator = redirectUri.endsWith("?") || redirectUri.endsWith("&") ? ""
                    : redirectUri.indexOf('?') >= 0 ? "&" : "?";
            for (Map.Entry<String, String> e : query.entrySet()) {
                location.append(separator).append(e.getKey()).append('=').append(FormCodec.encodeComponent(e.getValue()));
                separator = "&";
            }
            return new AuthorizeResult.Redirect(URI.create(location.toString()), status);
        }
    }

    private Checked<Verified> verifyClientAndRedirect(Params params, int redirectStatus) {
        if (params.structuralProblem() != null) {
            return Checked.failed(OAuthError.invalidRequest("the request has too many parameters"));
        }
        if (params.duplicated("client_id")) {
            return Checked.failed(OAuthError.invalidRequest("client_id was sent more than once"));
        }
        String clientId = params.get("client_id");
        if (clientId == null) {
            return Checked.failed(OAuthError.invalidRequest("client_id is missing"));
        }
        if (!Syntax.isClientId(clientId)) {
            return Checked.failed(OAuthError.invalidRequest("client_id is malformed"));
        }
        Optional<Client> found = storage.clients().find(clientId);
        if (found.isEmpty()) {
            return Checked.failed(OAuthError.invalidClient("unknown client"));
        }
        Client client = found.get();
        if (client.redirectUris().isEmpty()) {
            return Checked.failed(OAuthError.unauthorizedClient("the client has no redirect URI registered"));
        }
        if (params.duplicated("redirect_uri")) {
            return Checked.failed(OAuthError.invalidRequest("redirect_uri was sent more than once"));
        }
        String requested = params.get("redirect_uri");
        if (requested != null && (params.oversized("redirect_uri") || !Params.isUriCharacters(requested))) {
            return Checked.failed(OAuthError.invalidRequest("redirect_uri is malformed"));
        }
        String redirectUri = RedirectUriMatcher.resolve(client, requested);
        if (redirectUri == null) {
            return Checked.failed(OAuthError.invalidRequest(requested == null
                    ? "redirect_uri is missing and the client has several registered"
                    : "redirect_uri is not registered for this client"));
        }
        // RFC 6749 §4.1.2.1: every error redirect carries the state the request had. A state that
        // cannot be echoed (sent twice, over the cap, control characters) is shown, never dropped.
        if (params.duplicated("state")) {
            return Checked.failed(OAuthError.invalidRequest("state was sent more than once"));
        }
        String state = params.get("state");
        if (state != null && (params.oversized("state") || !isEchoable(state))) {
            return Checked.failed(OAuthError.invalidRequest("state is too long or has control characters"));
        }
        return Checked.ok(new Verified(client, redirectUri, requested != null, state, redirectStatus));
    }

    /**
     * Whether a state can travel back as it came: any Unicode text (clients put UTF-8 in it, and it
     * is echoed percent-encoded byte for byte), but no control characters (C0, DEL, C1).
     */
    static boolean isEchoable(String state) {
        for (int i = 0; i < state.length(); i++) {
            char c = state.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return false;
            }
        }
        return true;
    }

    private AuthorizeResult afterVerification(Params params, Verified v, AuthorizeRequest request) {
        String duplicated = params.anyDuplicated();
        if (duplicated != null) {
            return v.error(OAuthError.invalidRequest("a parameter was sent more than once (RFC 6749 section 3.1)"));
        }
        if (params.anyOversized() != null) {
            return v.error(OAuthError.invalidRequest("a parameter is too long"));
        }
        // OpenID Connect Core 1.0 §6: request objects are not supported (yet); say so rather than
        // ignore them, which would lose the state and nonce inside them (§3.1.2.6).
        if (params.has("request")) {
            return v.error(OAuthError.of(ErrorCode.REQUEST_NOT_SUPPORTED, "request objects are not supported"));
        }
        if (params.has("request_uri")) {
            return v.error(OAuthError.of(ErrorCode.REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported"));
        }
        String responseType = params.get("response_type");
        if (responseType == null) {
            return v.error(OAuthError.invalidRequest("response_type is missing"));
        }
        if (!responseType.equals("code")) {
            return v.error(OAuthError.unsupportedResponseType("only response_type=code is supported"));
        }
        Client client = v.client;
        if (!client.allows(GrantType.AUTHORIZATION_CODE)) {
            return v.error(OAuthError.unauthorizedClient("the client may not use the authorization code flow"));
        }
        Set<String> scopes;
        String scope = params.get("scope");
        if (scope == null) {
            scopes = client.defaultScopes();
        } else {
            scopes = Scopes.parse(scope);
            if (scopes == null) {
                return v.error(OAuthError.invalidScope("scope is malformed"));
            }
            if (!client.allowedScopes().containsAll(scopes)) {
                return v.error(OAuthError.invalidScope("a requested scope is unknown or not allowed for this client"));
            }
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                return v.error(OAuthError.invalidRequest("code_challenge_method without code_challenge"));
            }
            if (client.requirePkce()) {
                return v.error(OAuthError.invalidRequest("code_challenge is required (PKCE, RFC 7636)"));
            }
        } else {
            method = method == null ? Pkce.PLAIN : method; // RFC 7636 §4.3: plain when absent
            if (method.equals(Pkce.PLAIN) && !client.allowPlainPkce()) {
                return v.error(OAuthError.invalidRequest("code_challenge_method must be S256"));
            }
            if (!method.equals(Pkce.S256) && !method.equals(Pkce.PLAIN)) {
                return v.error(OAuthError.invalidRequest("code_challenge_method is not supported"));
            }
            if (!Pkce.wellFormedChallenge(method, challenge)) {
                return v.error(OAuthError.invalidRequest("code_challenge is malformed"));
            }
        }
        String nonce = params.get("nonce");
        if (nonce != null && !Syntax.isVisibleAscii(nonce)) {
            return v.error(OAuthError.invalidRequest("nonce is malformed"));
        }

        Checked<AuthenticationPrompt> parsedPrompt = AuthenticationPrompt.parse(params);
        if (parsedPrompt instanceof Checked.Failed<AuthenticationPrompt> failed) {
            return v.error(failed.error());
        }
        AuthenticationPrompt prompt = ((Checked.Ok<AuthenticationPrompt>) parsedPrompt).value();

        // OpenID Connect Core 1.0 §3.1.2.3: authenticate when there is no user, when prompt=login
        // asks again, or when the login is older than max_age. prompt=none: an error instead of a
        // page (§3.1.2.6).
        AuthenticatedUser user = request.user();
        Instant now = settings.clock().instant();
        // A login_after bound by an earlier LoginRequired: the login must be newer than it, whatever
        // the host's login page did.
        boolean reauthenticate = prompt.login() || user != null && (prompt.tooOld(user.authTime(), now)
                || prompt.before(user.authTime()));
        if (user == null || reauthenticate) {
            if (prompt.none()) {
                return v.error(OAuthError.loginRequired("the user must log in"));
            }
            return new AuthorizeResult.LoginRequired(user != null || prompt.login(),
                    prompt.afterLogin(request.parameters(), now));
        }
        if (request.consent() == ConsentDecision.DENIED) {
            return v.error(OAuthError.accessDenied("the user denied the request"));
        }
        if (prompt.consent() || !client.firstParty()) {
            Optional<Consent> consent = storage.consents().find(user.subject(), client.clientId());
            // prompt=consent (§3.1.2.1): ask even when remembered, and even a first-party client.
            boolean covered = !prompt.consent() && consent.isPresent() && consent.get().covers(scopes);
            if (!covered) {
                if (request.consent() != ConsentDecision.APPROVED) {
                    if (prompt.none()) {
                        return v.error(OAuthError.consentRequired("the user must consent"));
                    }
                    return new AuthorizeResult.ConsentRequired(client.clientId(), client.name(), scopes);
                }
                Set<String> remembered = new HashSet<>(scopes);
                consent.ifPresent(c -> remembered.addAll(c.scopes()));
                storage.consents().save(new Consent(user.subject(), client.clientId(), remembered, now));
            }
        }

        String code = settings.generator().newToken();
        String grantId = settings.generator().newToken();
        storage.codes().save(new AuthorizationCode(TokenHasher.hash(code), grantId, client.clientId(),
                user.subject(), v.redirectUri, v.redirectUriInRequest, scopes, challenge,
                challenge == null ? null : method, nonce, user.authTime(), now,
                now.plus(settings.codeLifetime())));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code);
        return v.redirect(query);
    }

}

package id.nu.oauth.core;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.client.Syntax;
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
 * GET /oauth/authorize (RFC 6749 §4.1.1, §4.1.2). First a pushed request ({@code request_uri},
 * RFC 9126 §4) or a signed request object ({@code request}, RFC 9101 §5) is turned into the
 * parameters it stands for; then the client and its redirect URI are verified, and any problem
 * up to there is shown to the user, never redirected (§4.1.2.1). Every later problem goes back to
 * the verified redirect URI as an error with the {@code state}, in the asked response mode.
 */
final class AuthorizeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizeEndpoint.class);

    private final Settings settings;
    private final Storage storage;
    private final Subjects subjects;
    private final RequestPolicy policy;
    private final RequestObjects requestObjects;

    AuthorizeEndpoint(Settings settings, Storage storage, Subjects subjects, RequestPolicy policy,
            RequestObjects requestObjects) {
        this.settings = settings;
        this.storage = storage;
        this.subjects = subjects;
        this.policy = policy;
        this.requestObjects = requestObjects;
    }

    AuthorizeResult handle(AuthorizeRequest request) {
        if (request.problem() != null) {
            return new AuthorizeResult.ErrorPage(request.problem());
        }
        Resolved resolved;
        Params params;
        Verified verified;
        try {
            Checked<Resolved> read = resolve(settings.params(request.parameters()));
            if (read instanceof Checked.Failed<Resolved> failed) {
                return new AuthorizeResult.ErrorPage(failed.error());
            }
            resolved = ((Checked.Ok<Resolved>) read).value();
            params = settings.params(resolved.parameters());
            Checked<Verified> outcome = verifyClientAndRedirect(params, request.post() ? 303 : 302,
                    resolved.pushedRequestHash());
            if (outcome instanceof Checked.Failed<Verified> failed) {
                return new AuthorizeResult.ErrorPage(failed.error());
            }
            verified = ((Checked.Ok<Verified>) outcome).value();
        } catch (RuntimeException fault) {
            LOG.error("authorize: storage or internal fault before the redirect URI was verified", fault);
            return new AuthorizeResult.ErrorPage(OAuthError.serverError());
        }
        try {
            return afterVerification(params, verified, request, resolved);
        } catch (RuntimeException fault) {
            LOG.error("authorize: storage or internal fault for client {}", verified.client.clientId(), fault);
            return verified.response(errorParameters(OAuthError.serverError()));
        }
    }

    /**
     * The authorization request's own parameters: the request as it came, or the pushed request
     * its {@code request_uri} names, or the claims of its signed request object.
     *
     * @param parameters the parameters to validate
     * @param pushedRequestHash the hash of the {@code request_uri}, to use up when the
     *     authorization ends; {@code null} when the request was not pushed
     * @param signed whether the parameters came from a verified request object
     */
    record Resolved(Map<String, java.util.List<String>> parameters, String pushedRequestHash, boolean signed) {
    }

    /**
     * RFC 9126 §4 and RFC 9101 §5: with {@code request_uri} (only this server's own pushed request
     * URNs: no URL is ever fetched) or {@code request}, only {@code client_id} outside counts and
     * every other parameter is ignored, because only what the client pushed or signed can be
     * trusted. Problems are shown on the error page: the redirect URI is not known yet.
     */
    private Checked<Resolved> resolve(Params raw) {
        boolean object = raw.has("request");
        boolean pushed = raw.has("request_uri");
        if (!object && !pushed) {
            return Checked.ok(new Resolved(raw.asMap(), null, false));
        }
        if (raw.structuralProblem() != null) {
            return Checked.failed(OAuthError.invalidRequest("the request has too many parameters"));
        }
        for (String name : new String[] {"client_id", "request", "request_uri", AuthenticationPrompt.LOGIN_AFTER}) {
            if (raw.duplicated(name)) {
                return Checked.failed(OAuthError.invalidRequest(name + " was sent more than once"));
            }
        }
        if (object && pushed) {
            return Checked.failed(OAuthError.invalidRequest("request and request_uri cannot both be sent "
                    + "(RFC 9101 section 5)"));
        }
        String clientId = raw.get("client_id");
        if (clientId == null) {
            return Checked.failed(OAuthError.invalidRequest("client_id is missing; it is required next to "
                    + (pushed ? "request_uri (RFC 9126 section 4)" : "request (RFC 9101 section 5)")));
        }
        if (!Syntax.isClientId(clientId)) {
            return Checked.failed(OAuthError.invalidRequest("client_id is malformed"));
        }
        Optional<Client> client = storage.clients().find(clientId);
        if (client.isEmpty()) {
            return Checked.failed(OAuthError.invalidClient("unknown client"));
        }
        Instant now = settings.clock().instant();
        Map<String, java.util.List<String>> parameters;
        Instant madeAt;
        String hash = null;
        if (pushed) {
            String uri = raw.get("request_uri");
            if (!uri.startsWith(RequestPolicy.REQUEST_URI_PREFIX) || raw.oversized("request_uri")
                    || !Syntax.isVisibleAscii(uri)) {
                return Checked.failed(OAuthError.invalidRequestUri("only a request_uri from this server's pushed "
                        + "authorization request endpoint is accepted (RFC 9126 section 4); no URL is fetched"));
            }
            hash = TokenHasher.hash(uri);
            PushedRequest found = storage.pushedRequests().find(hash).orElse(null);
            // RFC 9126 §4: bound to the client that pushed it; one message for every case, so the
            // answer does not tell whether another client's request_uri exists
            if (found == null || !found.isUsableAt(now) || !found.clientId().equals(clientId)) {
                return Checked.failed(OAuthError.invalidRequestUri(
                        "the request_uri is unknown, expired, already used or another client's"));
            }
            try {
                parameters = FormCodec.decode(found.parameters());
            } catch (FormCodec.Malformed unreadable) {
                LOG.warn("authorize: a stored pushed request of client {} cannot be read; refused", clientId);
                return Checked.failed(OAuthError.invalidRequestUri("the pushed request cannot be read"));
            }
            madeAt = found.expiresAt().minus(policy.pushedRequestLifetime());
        } else {
            if (raw.oversized("request")) {
                return Checked.failed(OAuthError.invalidRequestObject("the request object is too long"));
            }
            Checked<RequestObjects.Read> read = requestObjects.read(raw.get("request"), client.get(), now);
            if (read instanceof Checked.Failed<RequestObjects.Read> failed) {
                return Checked.failed(failed.error());
            }
            RequestObjects.Read signedObject = ((Checked.Ok<RequestObjects.Read>) read).value();
            parameters = signedObject.parameters();
            madeAt = signedObject.madeAt();
        }
        // The login hand-off rides outside the signed or pushed request (AuthenticationPrompt): a
        // login after the request was made satisfies its prompt=login and max_age; an older bound
        // is ignored, so it cannot be used to skip a login the request asks for.
        String after = raw.get(AuthenticationPrompt.LOGIN_AFTER);
        if (after != null && after.length() <= 12 && after.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(after) >= madeAt.getEpochSecond()) {
            parameters = AuthenticationPrompt.loggedInAfter(parameters, after);
        }
        return Checked.ok(new Resolved(parameters, hash, object));
    }

    /** The parameters of an error response (RFC 6749 §4.1.2.1). */
    static Map<String, String> errorParameters(OAuthError error) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("error", error.code());
        query.put("error_description", error.description());
        return query;
    }

    /** The client and the redirect URI that may be trusted, the state to echo and how to answer. */
    private final class Verified {
        final Client client;
        final String redirectUri;
        final boolean redirectUriInRequest;
        final String state;
        final int status;
        final boolean formPost;
        final OAuthError responseModeProblem;
        final String pushedRequestHash;

        Verified(Client client, String redirectUri, boolean redirectUriInRequest, String state, int status,
                ResponseModes.Mode mode, String pushedRequestHash) {
            this.client = client;
            this.redirectUri = redirectUri;
            this.redirectUriInRequest = redirectUriInRequest;
            this.state = state;
            this.status = status;
            this.formPost = mode.formPost();
            this.responseModeProblem = mode.problem();
            this.pushedRequestHash = pushedRequestHash;
            Events.noteClient(client.clientId());
        }

        /**
         * An error that ends the authorization: a pushed request is used up with it (RFC 9126 §4:
         * one authorization per request_uri); if it was used up already, the error page says so.
         */
        AuthorizeResult error(OAuthError error) {
            Events.noteError(error);
            if (!usedUp()) {
                return alreadyUsed();
            }
            return response(errorParameters(error));
        }

        /** Uses the pushed request up; {@code true} when this call did (or there is none). */
        boolean usedUp() {
            return pushedRequestHash == null || storage.pushedRequests().consume(pushedRequestHash);
        }

        AuthorizeResult response(Map<String, String> query) {
            if (state != null) {
                query.put("state", state);
            }
            query.put("iss", settings.issuer().toString()); // RFC 9207
            if (formPost) {
                return new AuthorizeResult.FormPost(URI.create(redirectUri), query);
            }
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

    private static AuthorizeResult alreadyUsed() {
        return new AuthorizeResult.ErrorPage(OAuthError.invalidRequestUri("the request_uri has already been used "
                + "(RFC 9126 section 4: once per authorization)"));
    }

    private Checked<Verified> verifyClientAndRedirect(Params params, int redirectStatus, String pushedRequestHash) {
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
        if (client.disabled()) {
            // an error page, never a redirect: the operator has switched this client off
            return Checked.failed(OAuthError.unauthorizedClient("the client is disabled"));
        }
        OAuthError problem = redirectProblem(params, client);
        if (problem != null) {
            return Checked.failed(problem);
        }
        String requested = params.get("redirect_uri");
        String redirectUri = RedirectUriMatcher.resolve(client, requested);
        String state = params.get("state");
        ResponseModes.Mode mode = ResponseModes.read(params);
        return Checked.ok(new Verified(client, redirectUri, requested != null, state, redirectStatus, mode,
                pushedRequestHash));
    }

    /**
     * What makes the redirect URI untrustworthy, or the answer impossible to send back as asked:
     * no registered URI, a {@code redirect_uri} that is repeated, malformed or not registered
     * (RFC 6749 §3.1.2.3, §4.1.2.1), a {@code state} that cannot be echoed, a repeated
     * {@code response_mode}; {@code null} when the answer can go to the redirect URI. The pushed
     * authorization request endpoint checks the same (RFC 9126 §2.1).
     */
    static OAuthError redirectProblem(Params params, Client client) {
        if (client.redirectUris().isEmpty()) {
            return OAuthError.unauthorizedClient("the client has no redirect URI registered");
        }
        if (params.duplicated("redirect_uri")) {
            return OAuthError.invalidRequest("redirect_uri was sent more than once");
        }
        String requested = params.get("redirect_uri");
        if (requested != null && (params.oversized("redirect_uri") || !Params.isUriCharacters(requested))) {
            return OAuthError.invalidRequest("redirect_uri is malformed");
        }
        if (RedirectUriMatcher.resolve(client, requested) == null) {
            return OAuthError.invalidRequest(requested == null
                    ? "redirect_uri is missing and the client has several registered"
                    : "redirect_uri is not registered for this client");
        }
        // RFC 6749 §4.1.2.1: every error redirect carries the state the request had. A state that
        // cannot be echoed (sent twice, over the cap, control characters) is shown, never dropped.
        if (params.duplicated("state")) {
            return OAuthError.invalidRequest("state was sent more than once");
        }
        String state = params.get("state");
        if (state != null && (params.oversized("state") || !isEchoable(state))) {
            return OAuthError.invalidRequest("state is too long or has control characters");
        }
        if (ResponseModes.read(params) == null) {
            return OAuthError.invalidRequest("response_mode was sent more than once");
        }
        return null;
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

    /** validate → decide (login, step-up, consent) → issue. */
    private AuthorizeResult afterVerification(Params params, Verified v, AuthorizeRequest request,
            Resolved resolved) {
        if (v.responseModeProblem != null) {
            return v.error(v.responseModeProblem);
        }
        if (resolved.pushedRequestHash() == null
                && (policy.requirePushedRequests() || v.client.requirements().pushedRequests())) {
            return v.error(OAuthError.invalidRequest("this client must push its authorization requests "
                    + "(RFC 9126 section 5: require_pushed_authorization_requests)"));
        }
        // A pushed request of such a client was signed: the pushed authorization request endpoint saw to it.
        if (resolved.pushedRequestHash() == null && !resolved.signed() && v.client.requirements().signedRequests()) {
            return v.error(OAuthError.invalidRequest("this client must send a signed request object "
                    + "(RFC 9101 section 10.5: require_signed_request_object)"));
        }
        Checked<AuthorizeValidation.Valid> checked = AuthorizeValidation.validate(params, v.client);
        if (checked instanceof Checked.Failed<AuthorizeValidation.Valid> failed) {
            return v.error(failed.error());
        }
        AuthorizeValidation.Valid valid = ((Checked.Ok<AuthorizeValidation.Valid>) checked).value();
        Instant now = settings.clock().instant();
        AuthorizeResult interaction = authenticate(valid, params, v, request, now);
        String sub = valid.claims().sub();
        if (interaction == null && sub != null && !sub.equals(subjects.of(request.user().subject(), v.client))) {
            // OpenID Connect Core 1.0 §5.5.1: a sub value asked for the id_token gets a positive
            // response only if that user is the one logged in.
            return v.error(OAuthError.loginRequired("the logged-in user is not the one the claims request names"));
        }
        if (interaction == null) {
            interaction = consent(valid, v, request, now);
        }
        return interaction != null ? interaction : issue(valid, v, request.user(), now);
    }

    /**
     * The return parameter that says the login page has been told the {@code acr} values the client
     * asked for: when the user comes back with a login that still meets none, a voluntary request
     * goes on and an essential one ends in an error, instead of asking again (no loop). A client
     * that sets it itself only turns its own step-up into that answer.
     */
    static final String ACR_ASKED = "nuid_acr_asked";

    /**
     * OpenID Connect Core 1.0 §3.1.2.3: a login when there is no user, when {@code prompt=login}
     * asks again, when the login is older than {@code max_age}, or older than the hand-off an
     * earlier {@link AuthorizeResult.LoginRequired} bound into the return parameters; a step-up
     * when the client asked for an {@code acr} (§3.1.2.1 {@code acr_values}, §5.5.1.1) that the
     * user's login did not meet; with {@code prompt=none} an error instead of a page (§3.1.2.6).
     * {@code null}: the user may go on.
     */
    private AuthorizeResult authenticate(AuthorizeValidation.Valid valid, Params params, Verified v,
            AuthorizeRequest request, Instant now) {
        AuthenticationPrompt prompt = valid.prompt();
        ClaimsRequest claims = valid.claims();
        AuthenticatedUser user = request.user();
        boolean reauthenticate = prompt.login() || user != null && (prompt.tooOld(user.authTime(), now)
                || prompt.before(user.authTime()));
        boolean stepUp = user != null && !reauthenticate && claims.acrUnmet(user.acr());
        if (user != null && !reauthenticate && !stepUp) {
            return null;
        }
        if (stepUp && (params.has(ACR_ASKED) || prompt.none() && !claims.acrEssential())) {
            // §5.5.1.1: an essential acr that the login could not meet is an error, never a code;
            // a voluntary one is a wish: go on, and the id_token tells the client the acr reached.
            return claims.acrEssential() ? v.error(OAuthError.of(ErrorCode.UNMET_AUTHENTICATION_REQUIREMENTS,
                    "the login did not meet the essential acr the client asked for")) : null;
        }
        if (prompt.none()) {
            return v.error(OAuthError.loginRequired("the user must log in"));
        }
        Map<String, java.util.List<String>> back = new LinkedHashMap<>(prompt.afterLogin(request.parameters(), now));
        if (!claims.acrValues().isEmpty()) {
            back.put(ACR_ASKED, java.util.List.of("1"));
        }
        return new AuthorizeResult.LoginRequired(user != null || prompt.login(), back, claims.acrValues());
    }

    /**
     * The user's consent (RFC 6749 §4.1.1, OIDC Core §3.1.2.4): a first-party client needs none, a
     * remembered consent that covers the scopes is enough unless {@code prompt=consent}; an answer
     * is remembered. {@code null}: consented.
     */
    private AuthorizeResult consent(AuthorizeValidation.Valid valid, Verified v, AuthorizeRequest request,
            Instant now) {
        if (request.consent() == ConsentDecision.DENIED) {
            Events.emit(new OAuthEvent.ConsentDenied(now, Events.correlationId(), v.client.clientId(),
                    request.user().subject()));
            return v.error(OAuthError.accessDenied("the user denied the request"));
        }
        AuthenticationPrompt prompt = valid.prompt();
        Client client = v.client;
        if (!prompt.consent() && client.firstParty()) {
            return null;
        }
        String subject = request.user().subject();
        Optional<Consent> remembered = storage.consents().find(subject, client.clientId());
        if (!prompt.consent() && remembered.isPresent() && remembered.get().covers(valid.scopes())) {
            return null;
        }
        if (request.consent() != ConsentDecision.APPROVED) {
            return prompt.none() ? v.error(OAuthError.consentRequired("the user must consent"))
                    : new AuthorizeResult.ConsentRequired(client.clientId(), client.name(), valid.scopes());
        }
        Set<String> scopes = new HashSet<>(valid.scopes());
        remembered.ifPresent(c -> scopes.addAll(c.scopes()));
        storage.consents().save(new Consent(subject, client.clientId(), scopes, now));
        Events.emit(new OAuthEvent.ConsentGiven(now, Events.correlationId(), client.clientId(), subject));
        return null;
    }

    /** RFC 6749 §4.1.2: a single-use code bound to the client, the redirect URI and the PKCE challenge. */
    private AuthorizeResult issue(AuthorizeValidation.Valid valid, Verified v, AuthenticatedUser user, Instant now) {
        // RFC 9126 §4: a pushed request authorizes once. Used up before the code exists, so of
        // any number of concurrent completions exactly one gets a code.
        if (!v.usedUp()) {
            return alreadyUsed();
        }
        String code = settings.generator().newToken();
        String grantId = settings.generator().newToken();
        storage.codes().save(AuthorizationCode.builder(TokenHasher.hash(code), grantId)
                .client(v.client.clientId()).subject(user.subject())
                .redirectUri(v.redirectUri, v.redirectUriInRequest).scopes(valid.scopes())
                .pkce(valid.pkce().value(), valid.pkce().method()).nonce(valid.nonce()).dpopJkt(valid.dpopJkt())
                .authTime(user.authTime()).issued(now, now.plus(Fapi2.codeLifetime(v.client, settings.codeLifetime())))
                .resources(valid.resources()).acr(user.acr()).claims(valid.claims().json())
                .sessionId(user.sid()).build());
        Events.emit(new OAuthEvent.CodeIssued(now, Events.correlationId(), v.client.clientId(), user.subject(), grantId));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code);
        return v.response(query);
    }
}

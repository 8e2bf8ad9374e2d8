package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.client.Syntax;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NU.ID authorization server: each endpoint is one call, a request value in and a response
 * value out. No servlet types, no threads, no global state; everything it remembers goes through
 * the {@link Storage}. Thread-safe: build one at start-up and share it.
 *
 * <p>OAuth errors are returned as values (an {@link AuthorizeResult.ErrorPage}, an error redirect,
 * or a JSON {@link EndpointResponse}), never thrown. A storage fault becomes {@code server_error},
 * logged once.
 *
 * <pre>{@code
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .storage(InMemoryStorage.create())
 *         .client(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").scopes("profile").build())
 *         .build();
 *
 * AuthorizeResult r = server.authorize(AuthorizeRequest.of(query, currentUserOrNull));
 * EndpointResponse t = server.token(new EndpointRequest(form, authorizationHeader));
 * EndpointResponse n = server.refreshAccessToken(new EndpointRequest(form, authorizationHeader));
 * EndpointResponse v = server.revoke(new EndpointRequest(form, authorizationHeader));
 * AccessTokenValidation who = server.validateAccessToken(bearerToken);
 *
 * // OpenID Connect, introspection, keys and metadata (paths under the issuer, see each method)
 * EndpointResponse me = server.userinfo(new EndpointRequest(formOfAPostOrEmpty, authorizationHeader));
 * EndpointResponse i = server.introspect(new EndpointRequest(form, authorizationHeader));
 * String jwks = server.jwks();
 * String rfc8414 = server.authorizationServerMetadata();
 *
 * // when enabled (Builder#dynamicRegistration): RFC 7591 registration, RFC 7592 management
 * EndpointResponse registered = server.handle(EndpointRequest.builder("POST", Endpoints.REGISTRATION)
 *         .header("Authorization", "Bearer " + initialAccessToken)
 *         .header("Content-Type", "application/json")
 *         .body("{\"redirect_uris\":[\"https://app.example.org/cb\"]}".getBytes(StandardCharsets.UTF_8))
 *         .build());
 * String discovery = server.openIdConfiguration();
 *
 * // OpenID Connect logout (RP-Initiated and Back-Channel Logout 1.0)
 * LogoutResult out = server.endSession(LogoutRequest.of(endpointRequest, currentUserOrNull));
 * }</pre>
 */
public final class AuthorizationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationServer.class);

    private final Settings settings;
    private final Storage storage;
    private final AuthorizeEndpoint authorizeEndpoint;
    private final PushedAuthorizationEndpoint pushedAuthorizationEndpoint;
    private final TokenEndpoint tokenEndpoint;
    private final RevocationEndpoint revocationEndpoint;
    private final IntrospectionEndpoint introspectionEndpoint;
    private final UserInfoEndpoint userInfoEndpoint;
    private final TokenSigner signer;
    private final Metadata metadata;
    private final OidcSettings oidc;
    private final HttpEdge edge;
    private final ClientManagement clientManagement;
    private final UserGrants userGrants;
    private final EndSessionEndpoint endSessionEndpoint;
    private final ClientJwks clientJwks;
    private final DpopProofs dpop;
    private final Events events;
    private final RegistrationEndpoint registrationEndpoint;

    /** The largest request body the engine reads by default: 64 KiB. */
    static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /**
     * {@code stored} is the host's store; {@code storage} is the engine's view of it: the same, or
     * with the FAPI 2.0 switch on, the view that holds every client to the profile
     * ({@link Fapi2#everyClient}). Client administration and dynamic registration see the clients as
     * stored; every endpoint sees the view.
     */
    private AuthorizationServer(Settings settings, OidcSettings oidc, Storage stored, Storage storage,
            Set<String> clientScopes, int maxBodyBytes, ClientJwks.FetchPolicy jwksFetch, byte[] dpopNonceSecret,
            Events events, RequestPolicy requestPolicy, BackChannelLogout.Delivery logoutDelivery,
            DynamicRegistration registration, ClientSecretSeal secretSeal) {
        this.events = events;
        this.settings = settings;
        this.oidc = oidc;
        this.storage = stored;
        this.edge = new HttpEdge(maxBodyBytes);
        this.clientJwks = new ClientJwks(jwksFetch, settings.clock());
        ClientAuthenticator authenticator = new ClientAuthenticator(storage.clients(), settings, edge,
                new ClientAssertions(storage.clients(), storage::singleUse, clientJwks, settings,
                        ClientAssertions.DEFAULT_ALGORITHMS, secretSeal));
        this.signer = new TokenSigner(settings, oidc);
        RequestObjects requestObjects = new RequestObjects(settings, clientJwks);
        this.authorizeEndpoint = new AuthorizeEndpoint(settings, storage, oidc.subjects(), requestPolicy, requestObjects);
        this.dpop = new DpopProofs(storage, settings, DpopProofs.DEFAULT_ALGORITHMS,
                dpopNonceSecret == null ? null : new DpopNonces(dpopNonceSecret, settings.clock()));
        this.pushedAuthorizationEndpoint = new PushedAuthorizationEndpoint(settings, storage, authenticator,
                requestPolicy, requestObjects, dpop);
        this.tokenEndpoint = new TokenEndpoint(settings, storage, authenticator,
                new TokenIssuer(settings, signer, oidc), dpop);
        this.revocationEndpoint = new RevocationEndpoint(settings, storage, authenticator);
        this.introspectionEndpoint = new IntrospectionEndpoint(settings, oidc, storage, authenticator);
        this.userInfoEndpoint = new UserInfoEndpoint(settings, oidc, storage, edge, dpop);
        this.metadata = new Metadata(settings, oidc, clientScopes, requestPolicy, registration != null,
                storage != stored, secretSeal != null);
        this.clientManagement = new ClientManagement(stored, settings.clock(), events, secretSeal);
        this.userGrants = new UserGrants(storage, settings.clock(), events);
        this.registrationEndpoint = registration == null ? null : new RegistrationEndpoint(settings, stored,
                registration, jwksFetch.allowPrivateNetworks(), maxBodyBytes, storage != stored, secretSeal);
        this.endSessionEndpoint = new EndSessionEndpoint(settings, oidc, storage, signer,
                new BackChannelLogout(settings, storage, signer, logoutDelivery));
    }

    /**
     * Stops what the server runs in the background, for a host that stops or redeploys it (a web
     * application's context listener, a Spring bean's destroy, a test): the thread the engine started
     * for back-channel logout deliveries ends (queued ones are dropped, counted in one INFO line; an
     * executor given to {@link Builder#backChannelLogoutExecutor} is the host's to stop), and the HTTP
     * clients for back-channel logout and {@code jwks_uri} fetches are let go. Requests answered after
     * this still work, but a logout then notifies no client (a WARN). The storage is the host's and
     * is not closed. Idempotent.
     *
     * <pre>{@code
     * try (AuthorizationServer server = AuthorizationServer.builder().issuer(issuer).client(app).build()) {
     *     // serve requests
     * }
     * }</pre>
     */
    @Override
    public void close() {
        endSessionEndpoint.close();
        clientJwks.close();
    }

    /** Starts configuring a server; see {@link Builder} for the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * GET /oauth/authorize (RFC 6749 §4.1.1): decides between a redirect (with a code or an error),
     * login, consent, or an error page. The OpenID Connect {@code nonce}, {@code prompt} and
     * {@code max_age} (OpenID Connect Core 1.0 §3.1.2.1) are honoured: {@code prompt=none} turns a
     * needed login or consent into a {@code login_required} or {@code consent_required} redirect;
     * {@code prompt=login} and a login older than {@code max_age} give
     * {@link AuthorizeResult.LoginRequired} even with a user, whose
     * {@link AuthorizeResult.LoginRequired#returnQuery()} is where to come back after the login;
     * {@code prompt=consent} gives {@link AuthorizeResult.ConsentRequired} even when remembered.
     */
    public AuthorizeResult authorize(AuthorizeRequest request) {
        Objects.requireNonNull(request, "request");
        try (Events.Call call = events.open(OAuthEvent.Endpoint.AUTHORIZE)) {
            AuthorizeResult result = authorizeEndpoint.handle(request.readWith(edge));
            call.completed(authorizeOutcome(result, call), null);
            return result;
        }
    }

    /** The status an authorize result is answered with; the login hand-off and an error page noted. */
    private int authorizeOutcome(AuthorizeResult result, Events.Call call) {
        if (result instanceof AuthorizeResult.Redirect redirect) {
            return redirect.status();
        }
        if (result instanceof AuthorizeResult.LoginRequired login) {
            events.publish(new OAuthEvent.LoginRequested(events.now(), call.correlationId(), call.clientId,
                    login.reauthenticate()));
            return 302;
        }
        if (result instanceof AuthorizeResult.ErrorPage page) {
            Events.noteError(page.error());
            return page.status();
        }
        return 200;
    }

    /**
     * Opens this request's scope on the calling thread: a new correlation id, in the SLF4J MDC
     * (key {@value RequestScope#MDC_KEY}) until {@link RequestScope#close()}. Engine calls made on
     * this thread while it is open use its id for their events and their {@value RequestScope#HEADER}
     * header. An adapter opens one around each HTTP exchange (the servlet adapter does), so that the
     * pages it renders can show the id; each engine call opens its own otherwise.
     *
     * <pre>{@code
     * try (RequestScope scope = server.requestScope()) {
     *     AuthorizeResult r = server.authorize(request);
     *     render(r, scope.correlationId());
     * }
     * }</pre>
     */
    public RequestScope requestScope() {
        return events.open(null);
    }

    /**
     * Tells the listeners that a new signing key took over ({@link OAuthEvent.KeyRotated}): the hook
     * for whatever rotates the keys (the host's schedule, a shared key store).
     *
     * <pre>{@code
     * keys.rotate(clock.instant());
     * server.signingKeyRotated(keys.signingKey(SigningAlgorithm.RS256, clock.instant()).keyId(), SigningAlgorithm.RS256);
     * }</pre>
     */
    public void signingKeyRotated(String keyId, SigningAlgorithm algorithm) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        events.publish(new OAuthEvent.KeyRotated(events.now(), Events.correlationId(), keyId, algorithm));
    }

    /**
     * Answers any request under the issuer's path except the authorization endpoint (which needs
     * the user: {@link #authorize}): routes by {@link EndpointRequest#path()} to the token, refresh,
     * revocation, introspection and userinfo endpoints, the JWKS and both metadata documents; 404
     * for any other path. Every rule of the HTTP request (methods, media types, size caps, where
     * each parameter may come from) is applied here, so a host writes the answer as it is.
     *
     * <pre>{@code
     * EndpointResponse r = server.handle(EndpointRequest.builder("GET", "/oauth/jwks").build());
     * }</pre>
     *
     * @throws IllegalArgumentException for the authorization and end-session endpoints' paths
     */
    public EndpointResponse handle(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        String path = request.path() == null ? "" : request.path();
        return switch (path) {
            case Endpoints.TOKEN -> token(request);
            case Endpoints.PUSHED_AUTHORIZATION_REQUEST -> pushAuthorizationRequest(request);
            case Endpoints.REFRESH -> refreshAccessToken(request);
            case Endpoints.REVOKE -> revoke(request);
            case Endpoints.INTROSPECT -> introspect(request);
            case Endpoints.USERINFO -> userinfo(request);
            case Endpoints.JWKS -> document(request, this::jwks, JWKS_CACHE);
            case Endpoints.OAUTH_METADATA -> document(request, this::authorizationServerMetadata, METADATA_CACHE);
            case Endpoints.OPENID_CONFIGURATION -> document(request, this::openIdConfiguration, METADATA_CACHE);
            case Endpoints.REGISTRATION -> registrationEndpoint == null ? notFound()
                    : guarded("registration", () -> registrationEndpoint.register(request));
            case Endpoints.AUTHORIZE -> throw new IllegalArgumentException("the authorization endpoint is answered by "
                    + "authorize(AuthorizeRequest.of(request, user))");
            case Endpoints.END_SESSION -> throw new IllegalArgumentException("the end-session endpoint is answered by "
                    + "endSession(LogoutRequest.of(request, user))");
            default -> registrationEndpoint != null && RegistrationEndpoint.clientIdOf(path) != null
                    ? guarded("registration", () -> registrationEndpoint.configure(request,
                            RegistrationEndpoint.clientIdOf(path)))
                    : notFound();
        };
    }

    private EndpointResponse notFound() {
        return guarded("other", () -> Responses.error(OAuthError.forHttpStatus(404)));
    }

    /**
     * GET or POST /oauth/logout, the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0
     * §2): checks the {@code id_token_hint} (signed by this server; an expired one is accepted, a
     * foreign or altered one is an error), {@code client_id} (the hint's client if both come), and
     * {@code post_logout_redirect_uri} (registered for that client, compared exactly; never
     * followed otherwise), echoes {@code state}. Without a hint for the current user's login session
     * it asks for confirmation ({@link LogoutResult.ConfirmationRequired}). Ending the session revokes
     * the grants made in it (their refresh and access tokens stop at once) and sends each of their
     * clients with a {@code backchannel_logout_uri} a logout token (Back-Channel Logout 1.0 §2.5),
     * asynchronously: this call never waits for a client.
     *
     * <pre>{@code
     * LogoutResult r = server.endSession(LogoutRequest.of(endpointRequest, currentUserOrNull));
     * }</pre>
     */
    public LogoutResult endSession(LogoutRequest request) {
        Objects.requireNonNull(request, "request");
        try (Events.Call call = events.open(OAuthEvent.Endpoint.END_SESSION)) {
            LogoutResult result;
            try {
                result = endSessionEndpoint.handle(request);
            } catch (RuntimeException fault) {
                LOG.error("endSession: storage or internal fault; answered server_error", fault);
                result = new LogoutResult.ErrorPage(OAuthError.serverError());
            }
            call.completed(logoutOutcome(result), null);
            return result;
        }
    }

    /** The status a logout result is answered with; an error page noted. */
    private static int logoutOutcome(LogoutResult result) {
        if (result instanceof LogoutResult.LoggedOut out) {
            return out.redirect() == null ? 200 : out.status();
        }
        if (result instanceof LogoutResult.ErrorPage page) {
            Events.noteError(page.error());
            return page.status();
        }
        return 200;
    }

    /** RFC 7517 §5: verifiers refetch on an unknown kid, so a short cache is enough. */
    private static final String JWKS_CACHE = "public, max-age=300";
    /** The metadata documents change only when the configuration does. */
    private static final String METADATA_CACHE = "public, max-age=3600";
    private static final List<String> DOCUMENT_METHODS = List.of("GET", "HEAD");

    /**
     * The RFC 8414 metadata as an HTTP answer, wherever the host serves it (for example at the
     * RFC 8414 §3.1 location {@code /.well-known/oauth-authorization-server/api} at the origin's root).
     */
    public EndpointResponse authorizationServerMetadata(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return document(request, this::authorizationServerMetadata, METADATA_CACHE);
    }

    private EndpointResponse document(EndpointRequest request, Supplier<String> json, String cacheControl) {
        return guarded("document", () -> {
            OAuthError method = HttpEdge.methodProblem(request, DOCUMENT_METHODS);
            return method != null ? Responses.methodNotAllowed(method, DOCUMENT_METHODS)
                    : Responses.document(json.get(), cacheControl);
        });
    }

    /**
     * Checks a request for one of the host's own APIs (RFC 6750): the bearer token from the
     * {@code Authorization} header (never the query or the body), active, with every scope in
     * {@code requiredScopes}. Refusals are complete responses: 401 with a bare
     * {@code WWW-Authenticate: Bearer realm="…"} when no token came, 400 {@code invalid_request}
     * for a malformed or repeated header or a token in the URL, 401 {@code invalid_token}, 403
     * {@code insufficient_scope} with the {@code scope} needed, 500 if the store fails.
     *
     * <pre>{@code
     * if (server.protectedResource(request, Set.of("profile")) instanceof ResourceAccess.Granted g) {
     *     serve(g.token().subject());
     * }
     * }</pre>
     */
    public ResourceAccess protectedResource(EndpointRequest request, Set<String> requiredScopes) {
        return protectedResource(request, requiredScopes, null);
    }

    /**
     * {@link #protectedResource(EndpointRequest, Set)} for a resource server that knows which
     * resource it is (RFC 8707): a token whose audience does not include {@code resource} (see
     * {@link #validateAccessToken(String, String)}) is refused with 401 {@code invalid_token}
     * (RFC 6750 §3.1), like a token that is not valid here.
     *
     * <pre>{@code
     * ResourceAccess a = server.protectedResource(request, Set.of("ledger.read"), "https://ledger.example.or.id/");
     * }</pre>
     *
     * @param resource this resource server's identifier, or {@code null} to accept any audience
     */
    public ResourceAccess protectedResource(EndpointRequest request, Set<String> requiredScopes, String resource) {
        Objects.requireNonNull(request, "request");
        Set<String> scopes = Set.copyOf(requiredScopes);
        try (Events.Call call = events.open(OAuthEvent.Endpoint.PROTECTED_RESOURCE)) {
            ResourceAccess access;
            try {
                access = userInfoEndpoint.protectedResource(request, scopes, resource);
            } catch (RuntimeException fault) {
                LOG.error("protected resource: storage or internal fault; answered server_error", fault);
                access = new ResourceAccess.Denied(Responses.error(OAuthError.serverError()));
            }
            if (access instanceof ResourceAccess.Denied denied) {
                call.completed(denied.response().status(), ErrorCode.forHttpStatus(denied.response().status()));
                return new ResourceAccess.Denied(withCorrelation(denied.response(), call.correlationId()));
            }
            call.completed(200, null);
            return access;
        }
    }

    /** The largest request body the engine reads: a host reads at most one byte more. */
    public int maxRequestBodyBytes() {
        return edge.maxBodyBytes();
    }

    /**
     * POST /oauth/token (RFC 6749 §4.1.3, §4.4, §6): {@code authorization_code},
     * {@code refresh_token} and {@code client_credentials}, as the client is allowed.
     */
    public EndpointResponse token(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("token", () -> tokenEndpoint.token(request));
    }

    /**
     * POST /oauth/par (RFC 9126): the client pushes an authorization request, with the same client
     * authentication as at the token endpoint (a public client sends its {@code client_id}), and
     * gets {@code 201 {"request_uri":"urn:ietf:params:oauth:request_uri:…","expires_in":60}} to send
     * the user to {@code /oauth/authorize?client_id=…&request_uri=…} with. The request is checked
     * as the authorization endpoint checks it, including a signed request object in
     * {@code request} (RFC 9101); every problem is a JSON error (400, or 401 {@code invalid_client}).
     * The {@code request_uri} is bound to the client, used up when the authorization ends (with a
     * code or an error), and lives {@link Builder#pushedAuthorizationRequestLifetime} (60 s).
     *
     * <pre>{@code
     * EndpointResponse pushed = server.pushAuthorizationRequest(EndpointRequest.builder("POST", Endpoints.PUSHED_AUTHORIZATION_REQUEST)
     *         .header("Content-Type", "application/x-www-form-urlencoded")
     *         .body("client_id=mobile-app&response_type=code&code_challenge=…&code_challenge_method=S256")
     *         .build());
     * }</pre>
     */
    public EndpointResponse pushAuthorizationRequest(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("par", () -> pushedAuthorizationEndpoint.push(request));
    }

    /**
     * POST /oauth/refreshAccessToken, the NU.ID refresh endpoint: the same rules and errors as
     * {@code grant_type=refresh_token} on {@link #token}.
     */
    public EndpointResponse refreshAccessToken(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("refreshAccessToken", () -> tokenEndpoint.refreshAccessToken(request));
    }

    /** POST /oauth/revoke (RFC 7009): always 200 with an empty body unless the request is bad. */
    public EndpointResponse revoke(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("revoke", () -> revocationEndpoint.revoke(request));
    }

    /**
     * POST /oauth/introspect (RFC 7662): whether a token (access or refresh, opaque or JWT) is
     * active, for an authenticated confidential client (client_secret_basic or client_secret_post).
     * A client may introspect its own tokens; a client registered as a
     * {@linkplain Client#resourceServer() resource server} also other clients' access tokens, never
     * their refresh tokens (RFC 7662 §4). Public clients get {@code invalid_client} (401). Another
     * client's token the caller may not see, and an expired, revoked, rotated or unknown token, get
     * {@code {"active":false}} and nothing more; an active one {@code scope}, {@code client_id},
     * {@code sub} (as the token's client sees it), {@code exp}, {@code iat}, {@code iss}, and for
     * access tokens {@code token_type} and {@code aud}.
     */
    public EndpointResponse introspect(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("introspect", () -> introspectionEndpoint.introspect(request));
    }

    /**
     * GET or POST /oauth/userinfo (OpenID Connect Core 1.0 §5.3): the user's claims that the access
     * token's scopes release (§5.4), from the {@link ClaimsSource}, always with {@code sub}. The
     * token comes from the {@code Authorization: Bearer} header or, on a POST only, from the
     * {@code access_token} form parameter (RFC 6750 §2.2): the host passes the form parameters of
     * a POST and nothing (no query parameters) for a GET. Errors follow RFC 6750 §3: 401 with
     * {@code WWW-Authenticate: Bearer ...} (error {@code invalid_token} for a bad token, none when
     * no token came), 403 {@code insufficient_scope} without {@code openid}, 400
     * {@code invalid_request} when the token came twice.
     */
    public EndpointResponse userinfo(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("userinfo", () -> userInfoEndpoint.userinfo(request));
    }

    /**
     * GET /oauth/jwks: the public JWK set (RFC 7517 §5) that verifies id_tokens and JWT access
     * tokens: the keys that sign now and retired keys whose tokens may still be valid. Never a
     * private part. Serve it as {@code application/json} (RFC 7517 §8.5 also allows
     * {@code application/jwk-set+json}) with a short {@code Cache-Control: public, max-age=300}:
     * verifiers refetch it when they meet an unknown {@code kid}.
     */
    public String jwks() {
        return signer.jwks(settings.clock().instant());
    }

    /**
     * The RFC 8414 authorization server metadata (§2), as JSON. Serve it at
     * {@code /.well-known/oauth-authorization-server} under the issuer's path, as
     * {@code application/json} with {@code Cache-Control: public, max-age=3600}.
     */
    public String authorizationServerMetadata() {
        return metadata.authorizationServer();
    }

    /**
     * The OpenID Connect Discovery 1.0 provider metadata (§3), as JSON. Serve it at
     * {@code /.well-known/openid-configuration} under the issuer (Discovery §4), as
     * {@code application/json} with {@code Cache-Control: public, max-age=3600}.
     */
    public String openIdConfiguration() {
        return metadata.openIdConfiguration();
    }

    /** The keys this server signs with (for example to rotate {@link InMemorySigningKeys}). */
    public SigningKeys signingKeys() {
        return oidc.keys();
    }

    /**
     * Checks an access token in-process, for a host protecting its own resources: active (with
     * subject, client, scopes and expiry) or inactive, with no reason given. The subject is the user
     * as the host named them, or {@code client:<clientId>} for a client acting for itself
     * ({@link AccessTokenValidation.Active#clientOnly()}). A DPoP-bound token (RFC 9449) is always
     * inactive here, because it is good only with a proof of its key over the request: check it with
     * {@link #protectedResource}, which reads the {@code DPoP} scheme and proof. A token bound to a TLS
     * client certificate (RFC 8705 §3) is inactive here too: pass the connection's certificate to
     * {@link #validateAccessToken(String, String, X509Certificate)}.
     *
     * @throws RuntimeException only if the store fails; the caller answers 500 or 503
     */
    public AccessTokenValidation validateAccessToken(String accessToken) {
        return validateAccessToken(accessToken, null);
    }

    /**
     * {@link #validateAccessToken(String)} for a resource server that knows which resource it is
     * (RFC 8707): the token is active only if {@code resource} is in its audience, that is among the
     * resource indicators the client asked it for or, for a token asked without any, the configured
     * {@linkplain Builder#accessTokenAudience(String) audience}. A token for another resource is
     * inactive here (RFC 8707 §1: it must not be usable at other resources).
     *
     * <pre>{@code
     * if (server.validateAccessToken(bearer, "https://ledger.example.or.id/") instanceof AccessTokenValidation.Active t) {
     *     serve(t.subject());
     * }
     * }</pre>
     *
     * @param resource this resource server's identifier, or {@code null} to accept any audience
     * @throws RuntimeException only if the store fails; the caller answers 500 or 503
     */
    public AccessTokenValidation validateAccessToken(String accessToken, String resource) {
        return validateAccessToken(accessToken, resource, null);
    }

    /**
     * {@link #validateAccessToken(String, String)} over a TLS connection with this client certificate
     * (RFC 8705 §3): a token bound to a certificate is active only when {@code clientCertificate} is
     * that certificate; a token bound to none is checked as without it.
     *
     * <pre>{@code
     * X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
     * AccessTokenValidation v = server.validateAccessToken(bearer, null, chain == null ? null : chain[0]);
     * }</pre>
     *
     * @param resource this resource server's identifier, or {@code null} to accept any audience
     * @param clientCertificate the TLS client certificate the container verified, or {@code null}
     * @throws RuntimeException only if the store fails; the caller answers 500 or 503
     */
    public AccessTokenValidation validateAccessToken(String accessToken, String resource,
            X509Certificate clientCertificate) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > settings.maxParameterLength()) {
            return new AccessTokenValidation.Inactive();
        }
        Token token = storage.tokens().find(TokenHasher.hash(accessToken)).orElse(null);
        if (token == null || token.kind() != TokenKind.ACCESS || !token.isUsableAt(settings.clock().instant())
                || token.senderConstrained()) {
            // RFC 9449 §7.2: a DPoP-bound token is never good as a bearer token; protectedResource checks its proof
            return new AccessTokenValidation.Inactive();
        }
        if (token.certificateBound() && !token.x5t().equals(ClientCertificates.thumbprint(clientCertificate))) {
            return new AccessTokenValidation.Inactive(); // RFC 8705 §3: only over TLS with its certificate
        }
        AccessTokenValidation.Active active = active(token, oidc.accessTokenAudience());
        return resource == null || active.audience().contains(resource) ? active : new AccessTokenValidation.Inactive();
    }

    /** What a host learns of an active access token (client tokens' subject in its own namespace). */
    static AccessTokenValidation.Active active(Token token, String defaultAudience) {
        return new AccessTokenValidation.Active(Subjects.hostSubject(token.subject(), token.clientId()),
                token.clientId(), token.scopes(), token.expiresAt(), token.grantId(),
                Set.copyOf(ResourceIndicators.audience(token.resources(), defaultAudience)));
    }

    /** The issuer identifier this server was built with. */
    public URI issuer() {
        return settings.issuer();
    }

    /**
     * The apps the user has connected: their live grants (not revoked, not expired), with the client's
     * name, the scopes, when they were made and last used, in a stable order (by grant id). At most
     * 1000; page with {@link #userGrants(String, String, int)} beyond.
     *
     * <pre>{@code
     * List<UserGrant> apps = server.userGrants(signedInUser.subject());
     * }</pre>
     */
    public List<UserGrant> userGrants(String subject) {
        return userGrants.all(subject);
    }

    /** One page of {@link #userGrants(String)}: up to {@code limit} grants after {@code afterGrantId}. */
    public Page<UserGrant> userGrants(String subject, String afterGrantId, int limit) {
        return userGrants.page(subject, afterGrantId, limit);
    }

    /**
     * Revokes one of the user's grants (its tokens stop working at once) and forgets the user's consent
     * to its client, so the app asks again. Refuses (returns {@code false}) a grant that is not this
     * user's, so a page can pass the grant id it got from a form.
     *
     * <pre>{@code
     * server.revokeUserGrant(signedInUser.subject(), form.get("grant"));
     * }</pre>
     */
    public boolean revokeUserGrant(String subject, String grantId) {
        return userGrants.revoke(subject, grantId);
    }

    /**
     * "Sign out of every app": revokes every grant of the user and forgets every consent they gave,
     * for instance after a password change. Returns how many grants it revoked.
     */
    public int revokeAllForUser(String subject) {
        return userGrants.revokeAll(subject);
    }

    /** Client administration: list, find, disable, delete, rotate a secret. */
    public ClientManagement clientManagement() {
        return clientManagement;
    }

    /** The store this server uses, for the host's administration (registering clients, purging). */
    public Storage storage() {
        return storage;
    }

    private EndpointResponse guarded(String endpoint, Supplier<EndpointResponse> handler) {
        try (Events.Call call = events.open(endpointOf(endpoint))) {
            EndpointResponse response;
            try {
                response = handler.get();
            } catch (RuntimeException fault) {
                LOG.error("{}: storage or internal fault; answered server_error", endpoint, fault);
                response = Responses.error(OAuthError.serverError());
            }
            call.completed(response.status(), ErrorCode.forHttpStatus(response.status()));
            return withCorrelation(response, call.correlationId());
        }
    }

    private static OAuthEvent.Endpoint endpointOf(String name) {
        return switch (name) {
            case "token" -> OAuthEvent.Endpoint.TOKEN;
            case "refreshAccessToken" -> OAuthEvent.Endpoint.REFRESH;
            case "revoke" -> OAuthEvent.Endpoint.REVOKE;
            case "introspect" -> OAuthEvent.Endpoint.INTROSPECT;
            case "userinfo" -> OAuthEvent.Endpoint.USERINFO;
            case "document" -> OAuthEvent.Endpoint.DOCUMENT;
            case "registration" -> OAuthEvent.Endpoint.REGISTRATION;
            default -> OAuthEvent.Endpoint.OTHER;
        };
    }

    /** The answer with the request's correlation id in {@value RequestScope#HEADER}. */
    @SuppressWarnings("unchecked")
    private static EndpointResponse withCorrelation(EndpointResponse response, String correlationId) {
        // one immutable map, which EndpointResponse keeps as it is (no HashMap, no second copy)
        Map<String, String> given = response.headers();
        List<Map.Entry<String, String>> entries = new ArrayList<>(given.size() + 1);
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!e.getKey().equals(RequestScope.HEADER)) {
                entries.add(e);
            }
        }
        entries.add(Map.entry(RequestScope.HEADER, correlationId));
        return new EndpointResponse(response.status(), Map.ofEntries(entries.toArray(new Map.Entry[0])),
                response.body());
    }

    /**
     * Configures an {@link AuthorizationServer}. Secure defaults:
     * <table>
     * <caption>defaults</caption>
     * <tr><td>authorization code lifetime</td><td>60 s</td></tr>
     * <tr><td>access token lifetime</td><td>15 min</td></tr>
     * <tr><td>refresh token idle lifetime</td><td>30 days</td></tr>
     * <tr><td>refresh token absolute lifetime</td><td>90 days</td></tr>
     * <tr><td>legacy public clients' refresh token lifetimes</td><td>7 days idle, 30 days absolute</td></tr>
     * <tr><td>largest parameter value</td><td>2048 characters</td></tr>
     * <tr><td>storage</td><td>{@link InMemoryStorage}</td></tr>
     * <tr><td>clock, randomness</td><td>UTC system clock, {@link TokenGenerator#secureRandom()}</td></tr>
     * <tr><td>access token format</td><td>per client, opaque unless the client says JWT (RFC 9068)</td></tr>
     * <tr><td>signing keys</td><td>{@link InMemorySigningKeys}: RS256 and ES256, and the configured algorithms</td></tr>
     * <tr><td>id_token and JWT access token algorithm</td><td>RS256</td></tr>
     * <tr><td>id_token lifetime</td><td>1 hour</td></tr>
     * <tr><td>JWT access token audience</td><td>the issuer</td></tr>
     * <tr><td>subject identifiers</td><td>public (pairwise on request)</td></tr>
     * <tr><td>user claims</td><td>none but {@code sub} ({@link ClaimsSource#none()})</td></tr>
     * <tr><td>pushed authorization requests</td><td>accepted, required per client; {@code request_uri} lives 60 s</td></tr>
     * <tr><td>back-channel logout</td><td>a daemon thread of its own, 5 s to connect, 10 s to answer,
     * 4 tries 1, 2 and 4 s apart</td></tr>
     * </table>
     *
     * <pre>{@code
     * AuthorizationServer.builder()
     *         .issuer(URI.create("https://portal.example.or.id/api"))
     *         .accessTokenLifetime(Duration.ofMinutes(5))
     *         .client(client)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private URI issuer;
        private Storage storage;
        private Clock clock = Clock.systemUTC();
        private TokenGenerator generator;
        private Duration codeLifetime = Duration.ofSeconds(60);
        private Duration accessTokenLifetime = Duration.ofMinutes(15);
        private Duration refreshTokenIdleLifetime = Duration.ofDays(30);
        private Duration refreshTokenAbsoluteLifetime = Duration.ofDays(90);
        private Duration legacyRefreshTokenIdleLifetime;
        private Duration legacyRefreshTokenAbsoluteLifetime;
        private int maxParameterLength = 2048;
        private int maxRequestBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private final List<Client> clients = new ArrayList<>();
        private SigningKeys signingKeys;
        private SigningAlgorithm idTokenAlgorithm;
        private SigningAlgorithm accessTokenAlgorithm;
        private boolean fapi2SecurityProfile;
        private Duration idTokenLifetime = Duration.ofHours(1);
        private String accessTokenAudience;
        private ClaimsSource claimsSource = ClaimsSource.none();
        private final Map<String, Set<String>> scopeClaims = new LinkedHashMap<>();
        private byte[] pairwiseSalt;
        private java.util.concurrent.ScheduledExecutorService logoutExecutor;
        private Duration logoutConnectTimeout = Duration.ofSeconds(5);
        private Duration logoutReadTimeout = Duration.ofSeconds(10);
        private int logoutAttempts = 4;
        private Duration logoutRetryDelay = Duration.ofSeconds(1);
        private javax.net.ssl.SSLContext logoutSslContext;
        private final Set<String> acrValues = new LinkedHashSet<>();
        private Duration pushedAuthorizationRequestLifetime = Duration.ofSeconds(60);
        private boolean requirePushedAuthorizationRequests;
        private final List<OAuthEventListener> eventListeners = new ArrayList<>();
        private boolean eventLogging = true;
        private TokenGenerator correlationIds;

        private boolean allowPrivateNetworkJwksUris;
        private byte[] dpopNonceSecret;
        private javax.net.ssl.SSLContext jwksUriSslContext;
        private ClientSecretSeal clientSecretSeal;

        private Builder() {
        }

        /**
         * The authentication context class references the host's login can meet, advertised as
         * {@code acr_values_supported} (OpenID Connect Discovery 1.0 §3); the login reports the one a
         * user met with {@link AuthenticatedUser#withAcr(String)}. Clients may still ask for others
         * with {@code acr_values} (OpenID Connect Core 1.0 §3.1.2.1); the login page decides.
         *
         * <pre>{@code
         * AuthorizationServer.builder().issuer(issuer).acrValuesSupported("urn:nuid:acr:password", "urn:nuid:acr:mfa");
         * }</pre>
         */
        public Builder acrValuesSupported(String... values) {
            for (String value : values) {
                if (!Syntax.isScopeToken(value) || value.length() > 255) {
                    throw new IllegalArgumentException("an acr value is 1 to 255 visible ASCII characters without "
                            + "spaces, quotes or backslashes");
                }
                acrValues.add(value);
            }
            return this;
        }

        /**
         * The issuer identifier (required): an https URL with no query or fragment (RFC 8414 §2);
         * http only on loopback, for development.
         */
        public Builder issuer(URI issuer) {
            Objects.requireNonNull(issuer, "issuer");
            String scheme = issuer.getScheme();
            if (!"https".equals(scheme) && !("http".equals(scheme) && Syntax.isLoopbackHost(issuer.getHost()))) {
                throw new IllegalArgumentException("the issuer must be an https URL (http only on loopback)");
            }
            if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
                throw new IllegalArgumentException("the issuer has no query or fragment (RFC 8414 §2)");
            }
            this.issuer = issuer;
            return this;
        }

        /** Where grants, codes, tokens, clients and consents live; in memory by default. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Registers (or replaces) a client in the store when the server is built. */
        public Builder client(Client client) {
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /** The clock for every expiry decision; tests pass a movable one instead of sleeping. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of codes, tokens and ids; for tests only. */
        public Builder tokenGenerator(TokenGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /** How long a code may be redeemed (default 60 s; RFC 6749 §4.1.2 advises at most 10 min). */
        public Builder codeLifetime(Duration lifetime) {
            this.codeLifetime = positive(lifetime, "codeLifetime");
            if (lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("codes live 10 minutes at most (RFC 6749 §4.1.2)");
            }
            return this;
        }

        /** How long an access token lives (default 15 min). */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = positive(lifetime, "accessTokenLifetime");
            return this;
        }

        /** How long a refresh token lives unused (default 30 days). */
        public Builder refreshTokenIdleLifetime(Duration lifetime) {
            this.refreshTokenIdleLifetime = positive(lifetime, "refreshTokenIdleLifetime");
            return this;
        }

        /** How long a grant can be refreshed at most, whatever its use (default 90 days). */
        public Builder refreshTokenAbsoluteLifetime(Duration lifetime) {
            this.refreshTokenAbsoluteLifetime = positive(lifetime, "refreshTokenAbsoluteLifetime");
            return this;
        }

        /**
         * The largest request body the engine reads (default 64 KiB): a larger one, or one whose
         * {@code Content-Length} says so, is answered 413 and the connection closed.
         */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1024");
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * How long a legacy public client's refresh token lives unused (default 7 days, or the general
         * idle lifetime or the legacy absolute one if shorter; never longer than the general one): its
         * refresh tokens do not rotate, so a stolen one is not detected on reuse (RFC 9700 §4.14.2).
         */
        public Builder legacyRefreshTokenIdleLifetime(Duration lifetime) {
            this.legacyRefreshTokenIdleLifetime = positive(lifetime, "legacyRefreshTokenIdleLifetime");
            return this;
        }

        /**
         * How long a legacy public client's grant can be refreshed at most (default 30 days, or the
         * general absolute lifetime if that is shorter; never longer than it).
         */
        public Builder legacyRefreshTokenAbsoluteLifetime(Duration lifetime) {
            this.legacyRefreshTokenAbsoluteLifetime = positive(lifetime, "legacyRefreshTokenAbsoluteLifetime");
            return this;
        }

        /** The longest parameter value accepted (default 2048 characters). */
        public Builder maxParameterLength(int length) {
            if (length < 256) {
                throw new IllegalArgumentException("maxParameterLength must be at least 256");
            }
            this.maxParameterLength = length;
            return this;
        }

        /**
         * The keys that sign id_tokens and JWT access tokens; by default
         * {@link InMemorySigningKeys#generate(SigningAlgorithm...)} for RS256, ES256 and the configured
         * algorithms, generated on first use. Given keys must have a key for each configured algorithm.
         * For several nodes, {@link StoredSigningKeys} shares rotated keys through the storage.
         */
        public Builder signingKeys(SigningKeys keys) {
            this.signingKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The id_token signing algorithm (RS256 by default, which every client supports: OpenID
         * Connect Core 1.0 §15.1; ES256 under {@link #fapi2SecurityProfile()}); the discovery
         * document's {@code id_token_signing_alg_values_supported} names it.
         */
        public Builder idTokenSigningAlgorithm(SigningAlgorithm algorithm) {
            this.idTokenAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * The signing algorithm of JWT access tokens (RFC 9068 §2.1); RS256 by default, ES256 under
         * {@link #fapi2SecurityProfile()}.
         */
        public Builder accessTokenSigningAlgorithm(SigningAlgorithm algorithm) {
            this.accessTokenAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** How long an id_token is valid (default 1 hour). */
        public Builder idTokenLifetime(Duration lifetime) {
            this.idTokenLifetime = positive(lifetime, "idTokenLifetime");
            return this;
        }

        /**
         * The {@code aud} of JWT access tokens (RFC 9068 §3) and of introspection answers: the
         * resource server's identifier; the issuer by default.
         */
        public Builder accessTokenAudience(String audience) {
            Objects.requireNonNull(audience, "audience");
            if (audience.isBlank()) {
                throw new IllegalArgumentException("the audience is not blank");
            }
            this.accessTokenAudience = audience;
            return this;
        }

        /** Where the UserInfo endpoint gets user claims; by default there are none but {@code sub}. */
        public Builder claimsSource(ClaimsSource source) {
            this.claimsSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Lets a scope release more claims at the UserInfo endpoint, beyond the standard
         * {@code profile}, {@code email}, {@code address} and {@code phone} of OpenID Connect Core
         * 1.0 §5.4 (e.g. {@code scopeClaims("nu_member", "member_number", "branch")}).
         */
        public Builder scopeClaims(String scope, String... claims) {
            if (!Syntax.isScopeToken(scope)) {
                throw new IllegalArgumentException("not a scope token (RFC 6749 section 3.3)");
            }
            scopeClaims.computeIfAbsent(scope, s -> new LinkedHashSet<>()).addAll(List.of(claims));
            return this;
        }

        /**
         * Pairwise subject identifiers (OpenID Connect Core 1.0 §8.1) instead of public ones: each
         * sector (the host of a client's redirect URIs) sees its own {@code sub} per user. The salt
         * (at least 16 bytes, secret) must never change, or every {@code sub} changes with it.
         */
        public Builder pairwiseSubjects(byte[] salt) {
            Objects.requireNonNull(salt, "salt");
            if (salt.length < 16) {
                throw new IllegalArgumentException("the pairwise salt is at least 16 bytes");
            }
            this.pairwiseSalt = salt.clone();
            return this;
        }

        /**
         * Where logout tokens are sent from (OpenID Connect Back-Channel Logout 1.0 §2.5), off the
         * user's request; by default one daemon thread of the engine's own, started on the first
         * logout. The host shuts its own executor down; tasks it rejects are dropped with a warning.
         */
        public Builder backChannelLogoutExecutor(java.util.concurrent.ScheduledExecutorService executor) {
            this.logoutExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How long a logout token's POST may take to connect and to be answered (default 5 s and 10 s). */
        public Builder backChannelLogoutTimeouts(Duration connect, Duration read) {
            this.logoutConnectTimeout = positive(connect, "connect");
            this.logoutReadTimeout = positive(read, "read");
            return this;
        }

        /**
         * How many times a logout token is sent at most (1 to 10, default 4) when the client cannot
         * be reached or answers 5xx or 429, and the delay before the second try (default 1 s),
         * doubled before each further one.
         */
        public Builder backChannelLogoutRetries(int attempts, Duration firstDelay) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be 1 to 10");
            }
            this.logoutAttempts = attempts;
            this.logoutRetryDelay = positive(firstDelay, "firstDelay");
            return this;
        }

        /**
         * The TLS trust for POSTing logout tokens to clients' {@code https} {@code backchannel_logout_uri}s
         * (OpenID Connect Back-Channel Logout 1.0 §2.5); by default the JDK's trust store. Certificate and
         * host name checks stay on: a client whose certificate this context does not trust gets no logout
         * token, and the server logs a warning (the user's logout is never affected). Give a context that
         * trusts exactly the certificates (or private CA) of your clients, e.g. a self-signed one in a
         * development portal.
         *
         * <pre>{@code
         * KeyStore trusted = KeyStore.getInstance("PKCS12");
         * trusted.load(null, null);
         * trusted.setCertificateEntry("rp", rpCertificate);
         * TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
         * tmf.init(trusted);
         * SSLContext tls = SSLContext.getInstance("TLS");
         * tls.init(null, tmf.getTrustManagers(), null);
         * builder.backChannelLogoutSslContext(tls);
         * }</pre>
         */
        public Builder backChannelLogoutSslContext(javax.net.ssl.SSLContext context) {
            this.logoutSslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * How long a pushed request's {@code request_uri} may be used (RFC 9126 §2.2: short; 60 s by
         * default, at most 10 minutes): long enough for the user to log in and consent, since the
         * request is read at every step and used up only when the authorization ends.
         */
        public Builder pushedAuthorizationRequestLifetime(Duration lifetime) {
            positive(lifetime, "pushedAuthorizationRequestLifetime");
            if (lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("a request_uri lives at most 10 minutes");
            }
            this.pushedAuthorizationRequestLifetime = lifetime;
            return this;
        }

        /**
         * Adds a listener for the server's {@link OAuthEvent}s (any number; called in the order
         * added, after the {@linkplain OAuthEventListener#logging() logging listener}). A listener
         * that throws never fails a request.
         *
         * <pre>{@code
         * builder.eventListener(event -> audit.record(event.type(), event.clientId(), event.correlationId()));
         * }</pre>
         */
        public Builder eventListener(OAuthEventListener listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Whether every client must push its authorization requests (RFC 9126 §5,
         * {@code require_pushed_authorization_requests} in metadata); off by default, and a single
         * client can be required to with {@code ClientRequirements.pushedRequests}.
         */
        public Builder requirePushedAuthorizationRequests(boolean required) {
            this.requirePushedAuthorizationRequests = required;
            return this;
        }

        /**
         * Holds every client to the FAPI 2.0 Security Profile (Final), as if each were registered with
         * {@code ClientRequirements.fapi2}: pushed authorization requests required server-wide
         * (RFC 9126), PKCE with S256, sender-constrained access tokens (DPoP, RFC 9449, or a mutual-TLS
         * certificate, RFC 8705), {@code private_key_jwt}, {@code tls_client_auth} or
         * {@code self_signed_tls_client_auth} only, PS256, ES256 or EdDSA only, codes valid at most
         * 60 seconds. A client that cannot meet it (a secret, a public client, {@code plain} PKCE) is
         * treated as not registered, with one WARN naming it; {@link #clientManagement()} still shows it
         * as stored. id_tokens and JWT access tokens are signed with ES256 unless another allowed
         * algorithm is configured; configuring RS256 makes {@link #build()} fail. Off by default.
         *
         * <pre>{@code
         * AuthorizationServer server = AuthorizationServer.builder()
         *         .issuer(URI.create("https://login.example.or.id"))
         *         .fapi2SecurityProfile()
         *         .client(Client.confidentialWithKeys("bank-portal", ClientKeys.inline(portalJwks))
         *                 .redirectUri("https://portal.example.or.id/cb").scopes("openid").build())
         *         .build();
         * }</pre>
         */
        public Builder fapi2SecurityProfile() {
            this.fapi2SecurityProfile = true;
            return this;
        }

        /**
         * Whether the {@linkplain OAuthEventListener#logging() logging listener} writes one SLF4J
         * line per event (default {@code true}).
         */
        public Builder eventLogging(boolean enabled) {
            this.eventLogging = enabled;
            return this;
        }

        /**
         * The source of correlation ids; by default 96 random bits from {@code SecureRandom},
         * base64url (16 characters). For tests.
         */
        public Builder correlationIds(TokenGenerator generator) {
            this.correlationIds = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /** The server; registers the clients and warns about each legacy public client. */
        public AuthorizationServer build() {
            if (issuer == null) {
                throw new IllegalStateException("issuer(...) is required");
            }
            RefreshLifetimes refreshLifetimes = RefreshLifetimes.of(refreshTokenIdleLifetime,
                    refreshTokenAbsoluteLifetime, legacyRefreshTokenIdleLifetime, legacyRefreshTokenAbsoluteLifetime);
            Storage store = storage != null ? storage : InMemoryStorage.create(clock);
            // FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA; ES256 by default (small keys and
            // signatures, already among the default generated keys, and every FAPI 2.0 client has it)
            SigningAlgorithm fallback = fapi2SecurityProfile ? SigningAlgorithm.ES256 : SigningAlgorithm.RS256;
            SigningAlgorithm idTokenAlgorithm = this.idTokenAlgorithm != null ? this.idTokenAlgorithm : fallback;
            SigningAlgorithm accessTokenAlgorithm =
                    this.accessTokenAlgorithm != null ? this.accessTokenAlgorithm : fallback;
            if (fapi2SecurityProfile) {
                for (SigningAlgorithm alg : List.of(idTokenAlgorithm, accessTokenAlgorithm)) {
                    if (!Fapi2.ALGORITHMS.contains(Jose.jws(alg))) {
                        throw new IllegalStateException("the FAPI 2.0 Security Profile (section 5.4.1) allows "
                                + "PS256, ES256 and EdDSA only; the id_token or access token signing algorithm "
                                + "is " + alg);
                    }
                }
            }
            Settings settings = new Settings(issuer, clock,
                    generator != null ? generator : TokenGenerator.secureRandom(),
                    codeLifetime, accessTokenLifetime, refreshLifetimes,
                    maxParameterLength);
            if (signingKeys instanceof StoredSigningKeys stored) {
                // a clear start-up error rather than a server_error on the first token
                stored.checkServes(java.util.EnumSet.of(idTokenAlgorithm, accessTokenAlgorithm),
                        accessTokenLifetime.compareTo(idTokenLifetime) >= 0 ? accessTokenLifetime : idTokenLifetime);
            }
            OidcSettings oidc = new OidcSettings(
                    signingKeys != null ? signingKeys : InMemorySigningKeys.generate(SigningAlgorithm.RS256,
                            SigningAlgorithm.ES256, idTokenAlgorithm, accessTokenAlgorithm),
                    idTokenAlgorithm, accessTokenAlgorithm, idTokenLifetime,
                    accessTokenAudience != null ? accessTokenAudience : issuer.toString(),
                    claimsSource, new ScopeClaims(scopeClaims),
                    pairwiseSalt != null ? Subjects.pairwise(pairwiseSalt) : Subjects.publicSubjects(),
                    List.copyOf(acrValues));
            List<OAuthEventListener> listeners = new ArrayList<>();
            if (eventLogging) {
                listeners.add(OAuthEventListener.logging());
            }
            listeners.addAll(eventListeners);
            Events events = new Events(listeners, clock,
                    (correlationIds != null ? correlationIds : defaultCorrelationIds())::newToken);
            Set<String> clientScopes = new LinkedHashSet<>();
            for (Client client : clients) {
                checkClientKeys(client);
                checkSealedSecret(client, clientSecretSeal);
            }
            for (Client client : clients) {
                clientScopes.addAll(client.allowedScopes());
                if (client.type() == ClientType.LEGACY_PUBLIC) {
                    LOG.warn(LegacyClientWarning.of(client, refreshLifetimes));
                }
                Client before = store.clients().find(client.clientId()).orElse(null);
                store.clients().save(client);
                if (!client.equals(before)) {
                    events.publish(new OAuthEvent.ClientRegistered(clock.instant(), null, client.clientId(),
                            before != null));
                }
            }
            Storage engineStorage = fapi2SecurityProfile ? Fapi2.everyClient(store) : store;
            for (Client client : fapi2SecurityProfile ? clients : List.<Client>of()) {
                engineStorage.clients().find(client.clientId()); // the WARN for a client the profile refuses, at start
            }
            return new AuthorizationServer(settings, oidc, store, engineStorage, clientScopes, maxRequestBodyBytes,
                    new ClientJwks.FetchPolicy(allowPrivateNetworkJwksUris, jwksUriSslContext), dpopNonceSecret, events,
                    new RequestPolicy(pushedAuthorizationRequestLifetime,
                            requirePushedAuthorizationRequests || fapi2SecurityProfile),
                    new BackChannelLogout.Delivery(logoutExecutor, logoutConnectTimeout, logoutReadTimeout,
                            logoutAttempts, logoutRetryDelay, logoutSslContext), registration(store), clientSecretSeal);
        }

        /**
         * Accepts {@code client_secret_jwt} client authentication (RFC 7523 §2.2, OpenID Connect Core
         * §9) for the clients that registered it; off by default. The server keeps client secrets only
         * as salted hashes, and an HMAC assertion is checked with the secret itself, so such a client
         * also carries its secret sealed under this 32-byte AES-256 key ({@link ClientSecretSeal}, the
         * same kind of key as {@code StoredSigningKeys.Builder.encryptionKey}; a separate one is
         * better). With it, the metadata lists {@code client_secret_jwt} and HS256, HS384 and HS512,
         * client management re-seals on rotation, and dynamic registration accepts the method. Never
         * under {@link #fapi2SecurityProfile()}, which allows key and certificate methods only. Give
         * every node the same key.
         *
         * <pre>{@code
         * builder.clientSecretEncryptionKey(Base64.getDecoder().decode(System.getenv("NUID_CLIENT_SECRET_KEY")));
         * }</pre>
         *
         * @throws IllegalArgumentException unless the key is 32 bytes
         */
        public Builder clientSecretEncryptionKey(byte[] key) {
            this.clientSecretSeal = ClientSecretSeal.withKey(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * A {@code client_secret_jwt} client needs the key, and its sealed secret (and the previous
         * one's) must open for it and be the secret its hash was made from: a clear start-up error
         * rather than an {@code invalid_client} on every request.
         */
        private static void checkSealedSecret(Client client, ClientSecretSeal seal) {
            if (!client.allows(ClientAuthMethod.CLIENT_SECRET_JWT)) {
                return;
            }
            if (seal == null) {
                throw new IllegalStateException("client " + client.clientId() + " uses client_secret_jwt: configure "
                        + "clientSecretEncryptionKey(...) with the key its secret was sealed with");
            }
            ClientManagement.checkSealed(client, seal);
        }

        // ---- dynamic client registration (RFC 7591, RFC 7592) -------------------------------------------

        private DynamicRegistration dynamicRegistration;

        /**
         * Lets clients register themselves at {@code POST /oauth/register} (RFC 7591) and read, update
         * and delete their registration at {@code /oauth/register/{client_id}} with the registration
         * access token they got (RFC 7592); off by default (both paths answer 404 and the metadata names
         * no {@code registration_endpoint}). Needs a store that keeps
         * {@linkplain Storage#registrations() registrations} (the in-memory and JDBC stores do).
         *
         * <pre>{@code
         * builder.dynamicRegistration(DynamicRegistration.initialAccessTokens(initialToken).scopes("openid", "profile"));
         * }</pre>
         */
        public Builder dynamicRegistration(DynamicRegistration registration) {
            this.dynamicRegistration = Objects.requireNonNull(registration, "registration");
            return this;
        }

        private DynamicRegistration registration(Storage store) {
            if (dynamicRegistration != null) {
                try {
                    store.registrations();
                } catch (UnsupportedOperationException e) {
                    throw new IllegalStateException("dynamic client registration needs a store that keeps "
                            + "registrations: " + e.getMessage());
                }
            }
            return dynamicRegistration;
        }

        /**
         * Lets client {@code jwks_uri}s point at loopback and private-network addresses, which a
         * server-side request refuses by default (for an intranet or tests).
         */
        public Builder allowPrivateNetworkJwksUris(boolean allow) {
            this.allowPrivateNetworkJwksUris = allow;
            return this;
        }

        /**
         * Requires server-provided nonces in DPoP proofs at the token endpoint (RFC 9449 §8): every
         * token response carries a fresh {@code DPoP-Nonce}, and a proof without a current one gets
         * {@code use_dpop_nonce}. Nonces are stateless and rotate every five minutes; give every node
         * of a cluster the same secret (at least 32 random bytes) and each accepts the others' nonces.
         *
         * <pre>{@code
         * builder.dpopNonces(Base64.getDecoder().decode(System.getenv("NUID_DPOP_NONCE_SECRET")));
         * }</pre>
         */
        public Builder dpopNonces(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("the DPoP nonce secret is at least 32 bytes");
            }
            this.dpopNonceSecret = secret.clone();
            return this;
        }

        /** The TLS trust for fetching client {@code jwks_uri}s (default: the JDK's trust store). */
        public Builder jwksUriSslContext(javax.net.ssl.SSLContext context) {
            this.jwksUriSslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** A client's inline JWK set must parse and hold public asymmetric keys only. */
        private static void checkClientKeys(Client client) {
            if (client.keys().jwks() != null) {
                try {
                    ClientJwks.parsePublic(client.keys().jwks());
                } catch (ClientJwks.Unavailable e) {
                    throw new IllegalArgumentException("client " + client.clientId() + ": " + e.getMessage());
                }
            }
        }

        private static TokenGenerator defaultCorrelationIds() {
            java.security.SecureRandom random = new java.security.SecureRandom();
            java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
            return () -> {
                byte[] bytes = new byte[12];
                random.nextBytes(bytes);
                return encoder.encodeToString(bytes);
            };
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}

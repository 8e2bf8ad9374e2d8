package id.nu.oauth.core;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshGrace;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import id.nu.oauth.storage.TokenWithGrant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /oauth/token and POST /oauth/refreshAccessToken (RFC 6749 §4.1.3, §4.4, §6): client
 * authentication first, then the grant.
 */
final class TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final Settings settings;
    private final Storage storage;
    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final DpopProofs dpop;

    TokenEndpoint(Settings settings, Storage storage, ClientAuthenticator authenticator, TokenIssuer issuer,
            DpopProofs dpop) {
        this.settings = settings;
        this.dpop = dpop;
        this.storage = storage;
        this.authenticator = authenticator;
        this.issuer = issuer;
    }

    /** POST /oauth/token: any grant type the client is allowed. */
    EndpointResponse token(EndpointRequest request) {
        return handle(request, null);
    }

    /** POST /oauth/refreshAccessToken: the NU.ID refresh endpoint, {@code grant_type=refresh_token} only. */
    EndpointResponse refreshAccessToken(EndpointRequest request) {
        return handle(request, GrantType.REFRESH_TOKEN);
    }

    private EndpointResponse handle(EndpointRequest request, GrantType only) {
        ClientAuthenticator.Read read = authenticator.read(request);
        if (read instanceof ClientAuthenticator.Refused refused) {
            return refused.response();
        }
        Params params = ((ClientAuthenticator.Call) read).params();
        Client client = ((ClientAuthenticator.Call) read).client();
        if (client == null) {
            return authenticator.refuse(new ClientAuthenticator.Failed(
                    OAuthError.invalidClient("client authentication is required")));
        }
        String grantTypeValue = params.get("grant_type");
        if (grantTypeValue == null) {
            return Responses.error(OAuthError.invalidRequest("grant_type is missing"));
        }
        Optional<GrantType> grantType = GrantType.fromParameter(grantTypeValue);
        if (grantType.isEmpty() || only != null && grantType.get() != only) {
            return Responses.error(OAuthError.unsupportedGrantType(only == null
                    ? "grant_type is not supported"
                    : "this endpoint accepts grant_type=" + only.parameter() + " only"));
        }
        Events.noteGrantType(grantType.get());
        if (!client.allows(grantType.get())) {
            return Responses.error(OAuthError.unauthorizedClient("the client may not use this grant type"));
        }
        // RFC 9449 §5: the proof is checked before the grant is touched, so a bad proof spends no code
        DpopProofs.Outcome proof = dpop.check(request, only == null ? Endpoints.TOKEN : Endpoints.REFRESH, null, true);
        if (proof instanceof DpopProofs.Invalid bad) {
            return withNonce(Responses.error(bad.error()), bad.nonce());
        }
        String jkt = proof instanceof DpopProofs.Valid valid ? valid.jkt() : null;
        if (proof instanceof DpopProofs.Valid valid && !Fapi2.allows(client, valid.alg())) {
            return withNonce(Responses.error(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                    "a FAPI 2.0 client signs its DPoP proofs with PS256, ES256 or EdDSA")), dpop.nonce());
        }
        // RFC 8705 §3: the certificate of this TLS connection, which tokens of a client registered for
        // certificate-bound tokens are bound to; FAPI 2.0 §5.3.2.2 item 1: a FAPI client's tokens are
        // sender-constrained by DPoP or, without a proof, by its TLS client certificate
        String presented = ClientCertificates.thumbprint(request.clientCertificate());
        if (client.requirements().certificateBoundTokens() && presented == null) {
            return withNonce(Responses.error(OAuthError.invalidRequest("this client's access tokens are bound to "
                    + "its TLS client certificate: connect with it (RFC 8705 section 3)")), dpop.nonce());
        }
        if (jkt == null && (client.requirements().dpop() || client.requirements().fapi2() && presented == null)) {
            return withNonce(Responses.error(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                    client.requirements().dpop()
                            ? "this client's tokens must be DPoP-bound: send a DPoP proof (RFC 9449 section 5.2)"
                            : "a FAPI 2.0 client's tokens are sender-constrained: send a DPoP proof (RFC 9449) or "
                                    + "connect with a TLS client certificate (RFC 8705)")), dpop.nonce());
        }
        boolean certificateBound = client.requirements().certificateBoundTokens()
                || client.requirements().fapi2() && jkt == null;
        TokenIssuer.Binding binding = new TokenIssuer.Binding(jkt, certificateBound ? presented : null);
        EndpointResponse response = switch (grantType.get()) {
            case AUTHORIZATION_CODE -> authorizationCode(client, params, binding);
            case REFRESH_TOKEN -> refresh(client, params, binding, presented);
            case CLIENT_CREDENTIALS -> clientCredentials(client, params, binding);
        };
        return withNonce(response, dpop.nonce());
    }

    /** RFC 9449 §8.2: a fresh server nonce rides on every answer while nonces are on. */
    private static EndpointResponse withNonce(EndpointResponse response, String nonce) {
        if (nonce == null) {
            return response;
        }
        java.util.Map<String, String> headers = new java.util.HashMap<>(response.headers());
        headers.put("DPoP-Nonce", nonce);
        return new EndpointResponse(response.status(), headers, response.body());
    }

    /**
     * RFC 9449 §5, RFC 8705 §4: refresh tokens of public clients are bound to the DPoP key and the
     * certificate their access tokens are bound to; others by client authentication.
     */
    private static TokenIssuer.Binding refreshBinding(Client client, TokenIssuer.Binding binding) {
        return client.type() == ClientType.CONFIDENTIAL ? TokenIssuer.Binding.NONE : binding;
    }

    /**
     * RFC 6749 §4.1.3 with RFC 7636 §4.5-4.6, one way: consume the code (atomic, no lock held
     * afterwards), check it against the request, issue and sign the tokens, then store the grant.
     * A replay revokes the code's grant whether or not the first redemption has stored it yet
     * (RFC 6749 §4.1.2): the store holds whichever of the two comes first.
     */
    private EndpointResponse authorizationCode(Client client, Params params, TokenIssuer.Binding binding) {
        String jkt = binding.jkt();
        String code = params.get("code");
        if (code == null) {
            return Responses.error(OAuthError.invalidRequest("code is missing"));
        }
        String verifier = params.get("code_verifier");
        if (verifier != null && !Pkce.wellFormed(verifier)) {
            return Responses.error(OAuthError.invalidRequest("code_verifier is malformed (RFC 7636 section 4.1)"));
        }
        Instant now = settings.clock().instant();
        ConsumeResult consumed = storage.codes().consume(TokenHasher.hash(code));
        if (consumed instanceof ConsumeResult.Replayed replayed) {
            AuthorizationCode stored = replayed.code();
            storage.grants().revokeBeforeCreation(new Grant(stored.grantId(), stored.clientId(), stored.subject(),
                    stored.scopes(), stored.authTime(), now, now.plus(settings.refreshLifetimes().absolute()), now), now);
            Events.emit(new OAuthEvent.CodeReplayed(now, Events.correlationId(), stored.clientId(), stored.subject(),
                    stored.grantId()));
            return invalidGrant();
        }
        if (!(consumed instanceof ConsumeResult.Consumed first)
                || !matches(first.code(), client, params.get("redirect_uri"), verifier, now)) {
            return invalidGrant(); // the code is spent either way
        }
        AuthorizationCode stored = first.code();
        if (stored.dpopJkt() != null && !stored.dpopJkt().equals(jkt)) {
            // RFC 9449 §10.1: the code is bound to the dpop_jkt of its authorize request
            return invalidGrant();
        }
        // RFC 8707 §2.2: the access token is for the resources named here, each among those the
        // authorization request named, or for all of those when none is named.
        Checked<Set<String>> audience = ResourceIndicators.narrowed(params, stored.resources());
        if (audience instanceof Checked.Failed<Set<String>> failed) {
            return Responses.error(failed.error()); // the code is spent either way
        }
        Instant limit = issuer.grantExpiry(client, now);
        TokenIssuer.Issued access = issuer.access(stored.grantId(), client, stored.subject(), stored.scopes(),
                stored.authTime(), now, limit, ((Checked.Ok<Set<String>>) audience).value(), binding);
        // OpenID Connect Core 1.0 §3.1.3.3: scope openid brings an id_token, with the nonce of the
        // authorization request (§3.1.3.6), the login's acr (§2) and the claims asked for (§5.5).
        String idToken = issuer.idToken(client, access, stored.authTime(), stored.nonce(), now, stored.acr(),
                ClaimsRequest.stored(stored.claims()), stored.sessionId());
        TokenIssuer.Issued refresh = client.allows(GrantType.REFRESH_TOKEN)
                ? issuer.refresh(stored.grantId(), client, stored.subject(), stored.scopes(), now, limit,
                        stored.resources(), refreshBinding(client, binding))
                : null;
        List<Token> tokens = refresh == null ? List.of(access.record()) : List.of(access.record(), refresh.record());
        boolean live = storage.grants().createFromCode(Grant.builder(stored.grantId()).client(client.clientId())
                .subject(stored.subject()).scopes(stored.scopes()).authTime(stored.authTime()).lifetime(now, limit)
                .resources(stored.resources()).acr(stored.acr()).claims(stored.claims())
                .sessionId(stored.sessionId()).build(), tokens);
        if (!live) {
            // a replay revoked the grant first: these tokens were stored dead
            LOG.warn("authorization code of grant {} replayed while it was redeemed; its tokens are revoked",
                    stored.grantId());
        }
        Events.emit(new OAuthEvent.CodeRedeemed(now, Events.correlationId(), client.clientId(), stored.subject(),
                stored.grantId()));
        Events.emit(new OAuthEvent.TokensIssued(now, Events.correlationId(), client.clientId(), stored.subject(),
                stored.grantId(), GrantType.AUTHORIZATION_CODE, refresh != null));
        return issuer.response(access, refresh, idToken, now);
    }

    /** Whether the stored code may be redeemed by this request (RFC 6749 §4.1.3, RFC 7636 §4.6). */
    private static boolean matches(AuthorizationCode stored, Client client, String redirectUri, String verifier,
            Instant now) {
        if (!stored.clientId().equals(client.clientId()) || !now.isBefore(stored.expiresAt())) {
            return false;
        }
        // RFC 6749 §4.1.3: identical redirect_uri when the authorize request carried one.
        if (stored.redirectUriInRequest() ? !stored.redirectUri().equals(redirectUri)
                : redirectUri != null && !stored.redirectUri().equals(redirectUri)) {
            return false;
        }
        if (stored.codeChallenge() != null) {
            return verifier != null && Pkce.verify(stored.codeChallengeMethod(), stored.codeChallenge(), verifier);
        }
        return verifier == null; // RFC 9700 §4.8.2: no verifier without a challenge (PKCE downgrade)
    }

    /** RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2). */
    private EndpointResponse refresh(Client client, Params params, TokenIssuer.Binding binding, String presented) {
        String jkt = binding.jkt();
        String value = params.get("refresh_token");
        if (value == null) {
            return Responses.error(OAuthError.invalidRequest("refresh_token is missing"));
        }
        Instant now = settings.clock().instant();
        String hash = TokenHasher.hash(value);
        // one lookup for the token and its grant (the grant's auth_time goes into a new id_token or JWT)
        TokenWithGrant found = storage.findTokenWithGrant(hash).orElse(null);
        Token old = found == null ? null : found.token();
        if (old == null || old.kind() != TokenKind.REFRESH || !old.clientId().equals(client.clientId())) {
            return invalidGrant();
        }
        boolean rotated = old.status() == TokenStatus.ROTATED;
        if (rotated && !client.refreshGrace().enabled()) {
            return reused(old, now);
        }
        if (!rotated && !old.isUsableAt(now)) {
            return invalidGrant();
        }
        if (old.senderConstrained() && !old.jkt().equals(jkt)) {
            // RFC 9449 §5: a bound refresh token is used only with a proof of its key; a rotated one
            // presented without it is no retry of its holder, so the reuse revokes the grant as it
            // does without a grace window (RFC 9700 §4.14.2)
            return rotated ? reused(old, now) : invalidGrant();
        }
        if (old.certificateBound() && !old.x5t().equals(presented)) {
            // RFC 8705 §4: a public client's bound refresh token is used only over TLS with its certificate
            return rotated ? reused(old, now) : invalidGrant();
        }
        Set<String> scopes = old.scopes();
        String scope = params.get("scope");
        if (scope != null) {
            Set<String> requested = Scopes.parse(scope);
            if (requested == null) {
                return Responses.error(OAuthError.invalidScope("scope is malformed"));
            }
            if (!old.scopes().containsAll(requested)) {
                return Responses.error(OAuthError.invalidScope("scope may be narrowed, never widened (RFC 6749 section 6)"));
            }
            scopes = requested;
        }
        // RFC 8707 §2.2: a refresh may ask for an access token for some of the granted resources.
        Checked<Set<String>> audience = ResourceIndicators.narrowed(params, old.resources());
        if (audience instanceof Checked.Failed<Set<String>> failed) {
            return Responses.error(failed.error());
        }
        Instant limit = old.absoluteExpiresAt();
        boolean openid = scopes.contains(OidcSettings.OPENID) && old.subject() != null;
        Grant grant = found.grant();
        Instant authTime = (openid || client.accessTokenFormat() == AccessTokenFormat.JWT) && grant != null
                ? grant.authTime() : null;
        TokenIssuer.Issued access = issuer.access(old.grantId(), client, old.subject(), scopes, authTime, now, limit,
                ((Checked.Ok<Set<String>>) audience).value(), binding);
        // OpenID Connect Core 1.0 §12.2: a new id_token, same iss, sub, aud, auth_time and acr, new
        // iat, no nonce.
        String idToken = issuer.idToken(client, access, authTime, null, now, grant == null ? null : grant.acr(),
                ClaimsRequest.stored(grant == null ? null : grant.claims()),
                grant == null ? null : grant.sessionId());
        if (client.refreshPolicy() == RefreshPolicy.ROTATE) {
            // the grace path below hands out the same kind of pair as a rotation: access bound to this
            // request's key, refresh bound as the rotated one was (RFC 9449 §5)
            TokenIssuer.Issued next = issuer.refresh(old.grantId(), client, old.subject(), old.scopes(), now, limit,
                    old.resources(), old.senderConstrained() || old.certificateBound() ? TokenIssuer.Binding.of(old)
                            : refreshBinding(client, binding));
            if (rotated) {
                return reusedOrGrace(old, hash, client, access, next, idToken, now);
            }
            RotateResult result = storage.tokens().rotate(hash, List.of(access.record(), next.record()), now);
            if (result instanceof RotateResult.Rotated) {
                Events.emit(new OAuthEvent.TokensRefreshed(now, Events.correlationId(), client.clientId(), old.subject(),
                        old.grantId(), true));
                return issuer.response(access, next, idToken, now);
            }
            return result instanceof RotateResult.Reused reuse
                    ? reusedOrGrace(reuse.token(), hash, client, access, next, idToken, now)
                    : invalidGrant();
        }
        if (rotated) {
            return reused(old, now); // rotated before the client's policy changed to keep
        }
        boolean renewed = storage.tokens().renew(hash, issuer.refreshIdleExpiry(client, now, limit),
                List.of(access.record()), now);
        if (!renewed) {
            return invalidGrant();
        }
        Events.emit(new OAuthEvent.TokensRefreshed(now, Events.correlationId(), client.clientId(), old.subject(),
                old.grantId(), false));
        return issuer.response(access, null, idToken, now);
    }

    /** RFC 6749 §4.4: a confidential client acting for itself; no refresh token (§4.4.3). */
    private EndpointResponse clientCredentials(Client client, Params params, TokenIssuer.Binding binding) {
        Set<String> scopes = client.defaultScopes();
        String scope = params.get("scope");
        if (scope != null) {
            scopes = Scopes.parse(scope);
            if (scopes == null || !client.allowedScopes().containsAll(scopes)) {
                return Responses.error(OAuthError.invalidScope("a requested scope is unknown or not allowed"));
            }
        }
        // RFC 8707 §2: the resources the client names, each registered for it.
        Checked<Set<String>> requested = ResourceIndicators.requested(params, client);
        if (requested instanceof Checked.Failed<Set<String>> failed) {
            return Responses.error(failed.error());
        }
        Set<String> resources = ((Checked.Ok<Set<String>>) requested).value();
        Instant now = settings.clock().instant();
        String grantId = settings.generator().newToken();
        Instant limit = now.plus(settings.accessTokenLifetime());
        TokenIssuer.Issued access = issuer.access(grantId, client, null, scopes, null, now, limit, resources, binding);
        storage.grants().create(Grant.builder(grantId).client(client.clientId()).scopes(scopes).lifetime(now, limit)
                .resources(resources).build(), List.of(access.record()));
        Events.emit(new OAuthEvent.TokensIssued(now, Events.correlationId(), client.clientId(), null, grantId,
                GrantType.CLIENT_CREDENTIALS, false));
        return issuer.response(access, null, now);
    }

    /**
     * A reuse of a rotated refresh token (RFC 9700 §4.14.2): inside the client's grace window, and
     * while the rotated token has reuses left, fresh tokens (a new access and refresh token, siblings
     * of the ones the rotation gave: the server keeps only hashes, so it cannot hand out the same pair
     * again); otherwise the grant is revoked, as without a grace window.
     */
    private EndpointResponse reusedOrGrace(Token old, String hash, Client client, TokenIssuer.Issued access,
            TokenIssuer.Issued next, String idToken, Instant now) {
        RefreshGrace grace = client.refreshGrace();
        if (grace.enabled() && storage.tokens().takeGraceReuse(hash, now.minus(grace.window()), grace.maxReuses(),
                List.of(access.record(), next.record()), now)) {
            LOG.info("rotated refresh token reused inside the client's grace window; grant {} of client {} kept",
                    old.grantId(), old.clientId());
            Events.emit(new OAuthEvent.TokensRefreshed(now, Events.correlationId(), client.clientId(), old.subject(),
                    old.grantId(), true));
            return issuer.response(access, next, idToken, now);
        }
        return reused(old, now);
    }

    private EndpointResponse reused(Token old, Instant now) {
        storage.grants().revoke(old.grantId(), now);
        Events.emit(new OAuthEvent.RefreshReuseDetected(now, Events.correlationId(), old.clientId(), old.subject(),
                old.grantId()));
        return invalidGrant();
    }

    /** The one invalid_grant answer (immutable, so made once). */
    private static final OAuthError INVALID_GRANT_ERROR = OAuthError.invalidGrant(
            "the grant is invalid, expired, revoked, or was issued to another client");
    private static final EndpointResponse INVALID_GRANT = Responses.error(INVALID_GRANT_ERROR);

    private static EndpointResponse invalidGrant() {
        Events.noteError(INVALID_GRANT_ERROR);
        return INVALID_GRANT;
    }
}

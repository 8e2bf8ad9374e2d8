package id.nu.oauth.core;

import com.nimbusds.jwt.JWTClaimsSet;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.Syntax;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Storage;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2, §3): checks the
 * {@code id_token_hint} (signed by this server; expired is fine), the client it names or
 * {@code client_id} names, and the {@code post_logout_redirect_uri} (registered for that client,
 * compared exactly); asks the user when the request does not prove it comes from the current
 * session's client; then ends the user's login session: its grants revoked, its clients told
 * through the back channel (Back-Channel Logout 1.0).
 */
final class EndSessionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EndSessionEndpoint.class);

    private static final List<String> SINGLE = List.of("id_token_hint", "client_id", "post_logout_redirect_uri",
            "state", "ui_locales", "logout_hint");

    private final Settings settings;
    private final OidcSettings oidc;
    private final Storage storage;
    private final TokenSigner signer;
    private final BackChannelLogout backChannel;

    EndSessionEndpoint(Settings settings, OidcSettings oidc, Storage storage, TokenSigner signer,
            BackChannelLogout backChannel) {
        this.settings = settings;
        this.oidc = oidc;
        this.storage = storage;
        this.signer = signer;
        this.backChannel = backChannel;
    }

    LogoutResult handle(LogoutRequest request) {
        if (request.problem() != null) {
            return new LogoutResult.ErrorPage(request.problem());
        }
        Params params = settings.params(request.parameters());
        if (params.structuralProblem() != null) {
            return error("the request has too many parameters");
        }
        for (String name : SINGLE) {
            if (params.duplicated(name)) {
                return error(name + " was sent more than once");
            }
            if (params.oversized(name)) {
                return error(name + " is too long");
            }
        }
        Instant now = settings.clock().instant();

        // RP-Initiated Logout 1.0 §2: id_token_hint, an ID Token this OP issued; an expired one is accepted.
        String hint = params.get("id_token_hint");
        JWTClaimsSet claims = null;
        String hintClientId = null;
        if (hint != null) {
            claims = signer.verifiedIdToken(hint, now);
            if (claims == null || claims.getAudience().size() != 1) {
                return error("id_token_hint is not an ID Token issued by this server "
                        + "(OpenID Connect RP-Initiated Logout 1.0 section 2)");
            }
            hintClientId = claims.getAudience().get(0);
        }
        String clientId = params.get("client_id");
        if (clientId != null && !Syntax.isClientId(clientId)) {
            return error("client_id is malformed");
        }
        // §2: "If both client_id and id_token_hint are present, the OP MUST verify that the Client
        // Identifier matches the one used when issuing the ID Token."
        if (clientId != null && hintClientId != null && !clientId.equals(hintClientId)) {
            return error("client_id is not the client the id_token_hint was issued to");
        }
        String named = clientId != null ? clientId : hintClientId;
        Client client = named == null ? null : storage.clients().find(named).orElse(null);
        if (named != null && (client == null || client.disabled())) {
            // a disabled client is treated as unknown: no redirect to it
            return new LogoutResult.ErrorPage(OAuthError.invalidClient("unknown client"));
        }
        if (client != null) {
            Events.noteClient(client.clientId());
        }

        // §3: only a URI registered for the client the hint or client_id names, compared exactly;
        // anything else is shown, never followed (an open redirect otherwise).
        String postLogout = params.get("post_logout_redirect_uri");
        URI redirect = null;
        if (postLogout != null) {
            if (client == null) {
                return error("post_logout_redirect_uri needs an id_token_hint or a client_id that names the client "
                        + "(OpenID Connect RP-Initiated Logout 1.0 section 3)");
            }
            if (!Params.isUriCharacters(postLogout) || !client.logout().postLogoutRedirectUris().contains(postLogout)) {
                return error("post_logout_redirect_uri is not registered for this client "
                        + "(OpenID Connect RP-Initiated Logout 1.0 section 3)");
            }
            String state = params.get("state");
            if (state != null && !AuthorizeEndpoint.isEchoable(state)) {
                return error("state has control characters");
            }
            redirect = withState(postLogout, state);
        }
        String uiLocales = params.get("ui_locales");
        if (uiLocales != null && !AuthorizeEndpoint.isEchoable(uiLocales)) {
            uiLocales = null; // only a preference (§2): a bad one is ignored, as at the authorization endpoint
        }
        int status = request.post() ? 303 : 302;

        AuthenticatedUser user = request.user();
        if (user == null) {
            // nobody is logged in here: nothing to end, the client only wants its user back
            return new LogoutResult.LoggedOut(null, redirect, status, uiLocales);
        }
        if (!request.isConfirmed() && !hintIsForThisSession(claims, client, user)) {
            // §2, §6: "the OP SHOULD ask the End-User whether to log out" when the hint is missing or
            // names another user or another login: a site could otherwise log the user out at will.
            return new LogoutResult.ConfirmationRequired(client == null ? null : client.name(), request.parameters(),
                    uiLocales);
        }
        List<Grant> ended = storage.grants().revokeSession(user.subject(), user.sid(), now);
        LOG.info("login session ended at the end-session endpoint; {} grant(s) revoked", ended.size());
        backChannel.notifyClients(user.subject(), user.sid(), ended);
        return new LogoutResult.LoggedOut(user, redirect, status, uiLocales);
    }

    /** Whether the hint was issued to this user (as its client sees them) in this login session. */
    private boolean hintIsForThisSession(JWTClaimsSet claims, Client client, AuthenticatedUser user) {
        if (claims == null || client == null) {
            return false;
        }
        if (!oidc.subjects().of(user.subject(), client).equals(claims.getSubject())) {
            return false;
        }
        Object sid = claims.getClaim("sid");
        return sid == null || sid.equals(user.sid());
    }

    /** The registered URI with {@code state} added to its query (RP-Initiated Logout 1.0 §3). */
    private static URI withState(String uri, String state) {
        if (state == null) {
            return URI.create(uri);
        }
        String separator = uri.endsWith("?") || uri.endsWith("&") ? "" : uri.indexOf('?') >= 0 ? "&" : "?";
        return URI.create(uri + separator + "state=" + FormCodec.encodeComponent(state));
    }

    private static LogoutResult error(String description) {
        return new LogoutResult.ErrorPage(OAuthError.invalidRequest(description));
    }

    /** Stops the back-channel deliveries ({@link BackChannelLogout#close()}). */
    void close() {
        backChannel.close();
    }
}

package id.nu.oauth.core;

import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.ClientType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3): confidential
 * clients by {@code client_secret_basic} or {@code client_secret_post}, public clients by
 * {@code client_id} alone. The secret is compared in constant time against its stored hash.
 */
final class ClientAuthenticator {

    private final ClientStore clients;
    private final Settings settings;
    private final String realm;

    ClientAuthenticator(ClientStore clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
        this.realm = settings.issuer().toString();
    }

    /** A client's POST, read by {@link #read}. */
    sealed interface Read {
    }

    /**
     * The request is well-formed and its client credentials, if any, are good.
     *
     * @param client the caller, or {@code null} when it sent no client credentials at all
     */
    record Call(Params params, Client client) implements Read {
    }

    /** The request is refused with this response. */
    record Refused(EndpointResponse response) implements Read {
    }

    /**
     * Reads a POST the one way the token, revocation and introspection endpoints do: the request as a
     * whole first (RFC 6749 §3.2: no parameter twice, size caps), then client authentication (§2.3).
     */
    Read read(EndpointRequest request) {
        Params params = settings.params(request.parameters());
        OAuthError malformed = Requests.problem(params);
        if (malformed != null) {
            return new Refused(Responses.error(malformed));
        }
        Result auth = authenticate(params, request.authorization());
        if (auth instanceof Failed failed) {
            return new Refused(refuse(failed));
        }
        return new Call(params, auth instanceof Authenticated ok ? ok.client() : null);
    }

    /** The answer to a failed client authentication: 401 with a Basic challenge when asked, else 400. */
    EndpointResponse refuse(Failed failed) {
        return Responses.clientFailure(failed, realm);
    }

    /** The outcome of authenticating the caller. */
    sealed interface Result {
    }

    /** The caller is this client (a public client identified, or a confidential one authenticated). */
    record Authenticated(Client client) implements Result {
    }

    /** The caller sent no client credentials or identification at all. */
    record Anonymous() implements Result {
    }

    /** Authentication failed; {@code basicAttempted} asks for 401 with {@code WWW-Authenticate}. */
    record Failed(OAuthError error, boolean basicAttempted) implements Result {
    }

    Result authenticate(Params params, String authorization) {
        String bodyId = params.get("client_id");
        String bodySecret = params.get("client_secret");
        if (params.duplicated("client_id") || params.duplicated("client_secret")) {
            return new Failed(OAuthError.invalidRequest("client credentials sent more than once"), false);
        }
        if (authorization != null && !authorization.isBlank()) {
            return basic(authorization, bodyId, bodySecret);
        }
        if (bodyId == null) {
            return bodySecret == null ? new Anonymous()
                    : new Failed(OAuthError.invalidClient("client_secret without client_id"), false);
        }
        if (!Params.isVisibleAscii(bodyId) || bodyId.length() > Client.MAX_CLIENT_ID_LENGTH) {
            return new Failed(OAuthError.invalidClient("client authentication failed"), false);
        }
        Client client = clients.find(bodyId).orElse(null);
        if (client == null) {
            return new Failed(OAuthError.invalidClient("client authentication failed"), false);
        }
        return check(client, bodySecret, false);
    }

    private Result basic(String authorization, String bodyId, String bodySecret) {
        if (authorization.length() < 6 || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return new Failed(OAuthError.invalidClient("unsupported client authentication scheme"), true);
        }
        if (bodySecret != null) {
            return new Failed(OAuthError.invalidRequest(
                    "more than one client authentication method (RFC 6749 section 2.3)"), false);
        }
        String id;
        String secret;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new Failed(OAuthError.invalidClient("malformed Basic credentials"), true);
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return new Failed(OAuthError.invalidClient("malformed Basic credentials"), true);
        }
        if (bodyId != null && !bodyId.equals(id)) {
            return new Failed(OAuthError.invalidRequest("client_id does not match the Basic credentials"), false);
        }
        if (id.isEmpty() || id.length() > Client.MAX_CLIENT_ID_LENGTH || !Params.isVisibleAscii(id)) {
            return new Failed(OAuthError.invalidClient("client authentication failed"), true);
        }
        Client client = clients.find(id).orElse(null);
        if (client == null) {
            return new Failed(OAuthError.invalidClient("client authentication failed"), true);
        }
        return check(client, secret, true);
    }

    private static Result check(Client client, String secret, boolean basic) {
        if (client.type() == ClientType.CONFIDENTIAL) {
            if (secret == null || !client.secretHash().matches(secret)) {
                return new Failed(OAuthError.invalidClient("client authentication failed"), basic);
            }
            return new Authenticated(client);
        }
        if (secret != null) {
            // A public client has no secret; one that sends a secret is not who it claims.
            return new Failed(OAuthError.invalidClient("public clients do not authenticate with a secret"), basic);
        }
        return new Authenticated(client);
    }
}

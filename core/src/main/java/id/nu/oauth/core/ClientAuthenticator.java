package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.Syntax;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Client authentication at the token, revocation, introspection and PAR endpoints (RFC 6749 §2.3):
 * confidential clients by {@code client_secret_basic}, {@code client_secret_post},
 * {@code private_key_jwt} or {@code client_secret_jwt} ({@link ClientAssertions}) or mutual TLS ({@code tls_client_auth} and
 * {@code self_signed_tls_client_auth}, RFC 8705 §2, {@link ClientCertificates}), each only if the
 * client registered that method; public clients by {@code client_id} alone. The secret is compared in constant time
 * against its stored hash. One request uses one method (RFC 6749 §2.3).
 */
final class ClientAuthenticator {

    private final ClientStore clients;
    private final Settings settings;
    private final String realm;
    private final HttpEdge edge;
    private final ClientAssertions assertions;

    ClientAuthenticator(ClientStore clients, Settings settings, HttpEdge edge, ClientAssertions assertions) {
        this.clients = clients;
        this.assertions = assertions;
        this.settings = settings;
        this.edge = edge;
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
     * Reads a POST the one way the token, revocation and introspection endpoints do: the HTTP
     * request first (POST only, one {@code Authorization} header, a UTF-8 form body, no credential
     * in the URL), then the parameters as a whole (RFC 6749 §3.2: no parameter twice, size caps),
     * then client authentication (§2.3).
     */
    Read read(EndpointRequest request) {
        OAuthError method = HttpEdge.methodProblem(request, POST);
        if (method != null) {
            return new Refused(Responses.methodNotAllowed(method, POST));
        }
        OAuthError header = HttpEdge.headerProblem(request);
        if (header != null) {
            return new Refused(Responses.error(header, realm));
        }
        Checked<java.util.Map<String, java.util.List<String>>> form = edge.postForm(request);
        if (form instanceof Checked.Failed<java.util.Map<String, java.util.List<String>>> failed) {
            return new Refused(Responses.error(failed.error(), realm));
        }
        Params params = settings.params(((Checked.Ok<java.util.Map<String, java.util.List<String>>>) form).value());
        OAuthError malformed = Requests.problem(params);
        if (malformed != null) {
            return new Refused(Responses.error(malformed, realm));
        }
        Result auth = authenticate(params, request.authorization(), request.path(), request.clientCertificate());
        if (auth instanceof Failed failed) {
            return new Refused(refuse(failed));
        }
        if (auth instanceof Authenticated ok) {
            Events.noteClient(ok.client().clientId());
        }
        return new Call(params, auth instanceof Authenticated ok ? ok.client() : null);
    }

    private static final java.util.List<String> POST = java.util.List.of("POST");

    /** The answer to a failed client authentication: invalid_client is 401 with a Basic challenge (RFC 6749 §5.2). */
    EndpointResponse refuse(Failed failed) {
        if (failed.error().errorCode() == ErrorCode.INVALID_CLIENT) {
            Events.noteClient(failed.clientId());
            Events.emit(new OAuthEvent.ClientAuthenticationFailed(settings.clock().instant(), Events.correlationId(),
                    failed.clientId(), Events.endpoint() != null ? Events.endpoint() : OAuthEvent.Endpoint.OTHER));
        }
        return Responses.error(failed.error(), realm);
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

    /**
     * Authentication failed, or the credentials were malformed.
     *
     * @param clientId the registered client whose credentials failed, or {@code null} (never an
     *     unknown id the caller sent)
     */
    record Failed(OAuthError error, String clientId) implements Result {
        Failed(OAuthError error) {
            this(error, null);
        }
    }

    Result authenticate(Params params, String authorization, String path,
            java.security.cert.X509Certificate certificate) {
        String bodyId = params.get("client_id");
        String bodySecret = params.get("client_secret");
        if (params.duplicated("client_id") || params.duplicated("client_secret")
                || params.duplicated("client_assertion") || params.duplicated("client_assertion_type")) {
            return new Failed(OAuthError.invalidRequest("client credentials sent more than once"));
        }
        boolean hasAuthorization = authorization != null && !authorization.isBlank();
        if (params.has("client_assertion") || params.has("client_assertion_type")) {
            if (hasAuthorization || bodySecret != null) {
                return new Failed(OAuthError.invalidRequest(
                        "more than one client authentication method (RFC 6749 section 2.3)"));
            }
            return assertions.authenticate(params.get("client_assertion_type"), params.get("client_assertion"),
                    bodyId, path);
        }
        if (hasAuthorization) {
            return basic(authorization, bodyId, bodySecret);
        }
        if (bodyId == null) {
            return bodySecret == null ? new Anonymous()
                    : new Failed(OAuthError.invalidClient("client_secret without client_id"));
        }
        if (!Syntax.isClientId(bodyId)) {
            return new Failed(OAuthError.invalidClient("client authentication failed"));
        }
        Client client = clients.find(bodyId).orElse(null);
        if (client == null) {
            return new Failed(OAuthError.invalidClient("client authentication failed"));
        }
        if (bodySecret == null && client.type() == ClientType.CONFIDENTIAL
                && client.authMethods().stream().anyMatch(ClientAuthMethod::usesCertificate)) {
            return mutualTls(client, certificate);
        }
        return check(client, bodySecret, ClientAuthMethod.CLIENT_SECRET_POST);
    }

    private Result basic(String authorization, String bodyId, String bodySecret) {
        if (authorization.length() < 6 || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return new Failed(OAuthError.invalidClient("unsupported client authentication scheme"));
        }
        if (bodySecret != null) {
            return new Failed(OAuthError.invalidRequest(
                    "more than one client authentication method (RFC 6749 section 2.3)"));
        }
        String id;
        String secret;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new Failed(OAuthError.invalidClient("malformed Basic credentials"));
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return new Failed(OAuthError.invalidClient("malformed Basic credentials"));
        }
        if (bodyId != null && !bodyId.equals(id)) {
            return new Failed(OAuthError.invalidRequest("client_id does not match the Basic credentials"));
        }
        if (!Syntax.isClientId(id)) {
            return new Failed(OAuthError.invalidClient("client authentication failed"));
        }
        Client client = clients.find(id).orElse(null);
        if (client == null) {
            return new Failed(OAuthError.invalidClient("client authentication failed"));
        }
        return check(client, secret, ClientAuthMethod.CLIENT_SECRET_BASIC);
    }

    private Result check(Client client, String secret, ClientAuthMethod method) {
        if (client.type() == ClientType.CONFIDENTIAL) {
            if (secret == null || !client.allows(method) || !secretMatches(client, secret)) {
                return new Failed(OAuthError.invalidClient("client authentication failed"), client.clientId());
            }
            return enabled(client);
        }
        if (secret != null) {
            // A public client has no secret; one that sends a secret is not who it claims.
            return new Failed(OAuthError.invalidClient("public clients do not authenticate with a secret"),
                    client.clientId());
        }
        return enabled(client);
    }

    /**
     * RFC 8705 §2: the client sent its {@code client_id} and nothing else, over a TLS connection with
     * a client certificate: {@code tls_client_auth} when the certificate has the registered subject
     * (§2.1.2; the container checked the chain), {@code self_signed_tls_client_auth} when it carries
     * one of the client's registered keys and is within its validity (§2.2.2).
     */
    private Result mutualTls(Client client, java.security.cert.X509Certificate certificate) {
        if (certificate == null) {
            return new Failed(OAuthError.invalidClient(
                    "client authentication failed: no TLS client certificate (RFC 8705 section 2)"), client.clientId());
        }
        if (client.allows(ClientAuthMethod.TLS_CLIENT_AUTH)
                && ClientCertificates.matches(client.tlsSubject(), certificate)) {
            return enabled(client);
        }
        if (client.allows(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                && ClientCertificates.validAt(certificate, settings.clock().instant())) {
            try {
                if (assertions.jwks().anyKey(client, key -> ClientCertificates.isRegistered(key, certificate))) {
                    return enabled(client);
                }
            } catch (ClientJwks.Unavailable unavailable) {
                return new Failed(OAuthError.invalidClient("client authentication failed: the client's keys "
                        + "could not be read"), client.clientId());
            }
        }
        return new Failed(OAuthError.invalidClient("client authentication failed"), client.clientId());
    }

    /**
     * The current secret, or the one before the last rotation until its expiry (both compared in
     * constant time, both always, so timing does not tell which matched).
     */
    private boolean secretMatches(Client client, String secret) {
        if (client.secretHash() == null) {
            return false;
        }
        boolean current = client.secretHash().matches(secret);
        PreviousSecret previous = client.previousSecret();
        boolean old = previous != null && previous.hash().matches(secret)
                && previous.acceptedAt(settings.clock().instant());
        return current | old;
    }

    /** A disabled client is refused after its credentials were checked, so only it learns why. */
    static Result enabled(Client client) {
        return client.disabled()
                ? new Failed(OAuthError.invalidClient("the client is disabled"), client.clientId())
                : new Authenticated(client);
    }
}

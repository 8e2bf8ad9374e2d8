package id.nu.oauth.core;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.client.Syntax;
import id.nu.oauth.storage.Registration;
import id.nu.oauth.storage.Storage;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic client registration (RFC 7591 §3) at {@code POST /oauth/register}, and the client
 * configuration endpoint of the management protocol (RFC 7592 §2) at
 * {@code GET/PUT/DELETE /oauth/register/{client_id}}.
 *
 * <p>Registration needs an initial access token unless the host opened it to anyone; management needs
 * the client's registration access token: 256 random bits, returned once, stored as its SHA-256 hash,
 * compared in constant time, and replaced on every update (RFC 7592 §2.2) by a compare-and-set, so
 * that of several updates with the same token exactly one succeeds. A client the host registered
 * itself has no registration access token and cannot be managed here.
 */
final class RegistrationEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationEndpoint.class);

    /** RFC 7591 §3: the registration body is JSON; at most 64 KiB here. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final List<String> REGISTER_METHODS = List.of("POST");
    private static final List<String> CONFIGURATION_METHODS = List.of("GET", "PUT", "DELETE");
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

    private final Settings settings;
    private final Storage storage;
    private final DynamicRegistration policy;
    private final boolean allowPrivateNetworks;
    private final int maxBodyBytes;
    private final String realm;

    /** The server holds every client to FAPI 2.0 ({@code Builder.fapi2SecurityProfile()}). */
    private final boolean fapi2;
    /** Seals the secrets of {@code client_secret_jwt} clients; {@code null}: that method is not offered. */
    private final ClientSecretSeal seal;

    RegistrationEndpoint(Settings settings, Storage storage, DynamicRegistration policy, boolean allowPrivateNetworks,
            int maxBodyBytes, boolean fapi2, ClientSecretSeal seal) {
        this.fapi2 = fapi2;
        this.seal = seal;
        this.settings = settings;
        this.storage = storage;
        this.policy = policy;
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.maxBodyBytes = Math.min(maxBodyBytes, MAX_BODY_BYTES);
        this.realm = settings.issuer().toString();
    }

    // ---- POST /oauth/register (RFC 7591 §3) ----------------------------------------------------------

    EndpointResponse register(EndpointRequest request) {
        OAuthError method = HttpEdge.methodProblem(request, REGISTER_METHODS);
        if (method != null) {
            return Responses.methodNotAllowed(method, REGISTER_METHODS);
        }
        if (!policy.open()) {
            BearerCredentials.Result credentials = BearerCredentials.read(request, null);
            if (credentials instanceof BearerCredentials.Malformed malformed) {
                return Responses.resourceError(OAuthError.invalidRequest(malformed.description()), realm, null);
            }
            if (!(credentials instanceof BearerCredentials.Present present) || present.dpop()) {
                // RFC 7591 §3, RFC 6750 §3.1: no credentials, a bare challenge
                return Responses.resourceError(OAuthError.of(ErrorCode.MISSING_TOKEN,
                        "an initial access token is required"), realm, null);
            }
            if (!policy.acceptsInitialToken(present.token())) {
                Events.emit(new OAuthEvent.ClientAuthenticationFailed(settings.clock().instant(), Events.correlationId(),
                        null, OAuthEvent.Endpoint.REGISTRATION));
                return Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                        "the initial access token is not valid"), realm, null);
            }
        }
        RegistrationMetadata.Requested requested;
        try {
            requested = RegistrationMetadata.read(RegistrationMetadata.parse(jsonBody(request)), policy,
                    allowPrivateNetworks, null, seal != null);
        } catch (RegistrationMetadata.Invalid invalid) {
            return Responses.error(invalid.error);
        }
        String clientId = settings.generator().newToken();
        String secret = requested.authMethod().usesSecret() ? SecretHash.generateSecret() : null;
        Client client;
        try {
            // RFC 7523 §2.2: a client_secret_jwt client's secret is kept sealed too, for its HMAC
            client = newClient(clientId, requested, secret == null ? null : SecretHash.of(secret),
                    requested.authMethod() == ClientAuthMethod.CLIENT_SECRET_JWT ? seal.seal(clientId, secret) : null);
        } catch (IllegalArgumentException inconsistent) {
            return Responses.error(OAuthError.of(ErrorCode.INVALID_CLIENT_METADATA,
                    "the client metadata is inconsistent (RFC 7591 section 2)"));
        }
        OAuthError profile = profileProblem(client);
        if (profile != null) {
            return Responses.error(profile);
        }
        String token = settings.generator().newToken();
        Instant now = settings.clock().instant();
        Registration registration = registration(clientId, TokenHasher.hash(token), now, requested);
        // the registration first: a client is never manageable-less, and never exists half-registered
        storage.registrations().save(registration);
        storage.clients().save(client);
        Events.noteClient(clientId);
        Events.emit(new OAuthEvent.ClientRegistered(now, Events.correlationId(), clientId, false));
        LOG.info("client {} registered itself (RFC 7591)", clientId);
        return Responses.json(201, information(client, registration, secret, token));
    }

    // ---- GET, PUT, DELETE /oauth/register/{client_id} (RFC 7592 §2) -------------------------------------

    EndpointResponse configure(EndpointRequest request, String clientId) {
        OAuthError method = HttpEdge.methodProblem(request, CONFIGURATION_METHODS);
        if (method != null) {
            return Responses.methodNotAllowed(method, CONFIGURATION_METHODS);
        }
        BearerCredentials.Result credentials = BearerCredentials.read(request, null);
        if (credentials instanceof BearerCredentials.Malformed malformed) {
            return Responses.resourceError(OAuthError.invalidRequest(malformed.description()), realm, null);
        }
        if (!(credentials instanceof BearerCredentials.Present present) || present.dpop()) {
            return Responses.resourceError(OAuthError.of(ErrorCode.MISSING_TOKEN,
                    "the registration access token is required"), realm, null);
        }
        // RFC 7592 §2.1: an unknown client, or a token that is not this client's, is 401 invalid_token
        Client client = Syntax.isClientId(clientId) ? storage.clients().find(clientId).orElse(null) : null;
        Registration registration = client == null ? null : storage.registrations().find(clientId).orElse(null);
        if (registration == null || !MessageDigest.isEqual(TokenHasher.hash(present.token()).getBytes(StandardCharsets.US_ASCII),
                registration.accessTokenHash().getBytes(StandardCharsets.US_ASCII))) {
            if (registration != null) {
                Events.emit(new OAuthEvent.ClientAuthenticationFailed(settings.clock().instant(),
                        Events.correlationId(), clientId, OAuthEvent.Endpoint.REGISTRATION));
            }
            return Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                    "the registration access token is not valid for this client"), realm, null);
        }
        Events.noteClient(clientId);
        return switch (request.method()) {
            case "GET" -> read(client, registration);
            case "PUT" -> update(request, client, registration);
            default -> delete(client, registration);
        };
    }

    /**
     * RFC 7592 §2.1 and §3: the client information response, which must carry a
     * {@code registration_access_token}. Only its hash is kept, so a read rotates it, as an update does
     * (§3: the server may issue a new one): the answer holds the only token that works from now on.
     */
    private EndpointResponse read(Client client, Registration registration) {
        String token = settings.generator().newToken();
        Registration next = registration.withAccessTokenHash(TokenHasher.hash(token));
        if (!storage.registrations().replace(registration.accessTokenHash(), next)) {
            // another request with the same token rotated it (or deleted the client) first
            return Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                    "the registration access token is not valid for this client"), realm, null);
        }
        return Responses.json(200, information(client, next, null, token));
    }

    /** RFC 7592 §2.2: the metadata replaced as a whole, the registration access token rotated. */
    private EndpointResponse update(EndpointRequest request, Client current, Registration registration) {
        RegistrationMetadata.Requested requested;
        try {
            requested = RegistrationMetadata.read(RegistrationMetadata.parse(jsonBody(request)), policy,
                    allowPrivateNetworks, current.clientId(), seal != null);
        } catch (RegistrationMetadata.Invalid invalid) {
            return Responses.error(invalid.error);
        }
        if (type(requested.authMethod()) != current.type()
                || requested.authMethod().usesSecret() != (current.secretHash() != null)
                || (requested.authMethod() == ClientAuthMethod.CLIENT_SECRET_JWT) != (current.sealedSecret() != null)) {
            return Responses.error(OAuthError.of(ErrorCode.INVALID_CLIENT_METADATA,
                    "token_endpoint_auth_method cannot change between none, a secret, client_secret_jwt and a key or "
                            + "certificate; register a new client instead"));
        }
        if (requested.clientSecret() != null
                && (current.secretHash() == null || !current.secretHash().matches(requested.clientSecret()))) {
            return Responses.error(OAuthError.of(ErrorCode.INVALID_CLIENT_METADATA,
                    "client_secret does not match the client's current secret (RFC 7592 section 2.2)"));
        }
        Client updated;
        try {
            updated = updatedClient(current, requested);
        } catch (IllegalArgumentException inconsistent) {
            return Responses.error(OAuthError.of(ErrorCode.INVALID_CLIENT_METADATA,
                    "the client metadata is inconsistent (RFC 7591 section 2)"));
        }
        OAuthError profile = profileProblem(updated);
        if (profile != null) {
            return Responses.error(profile);
        }
        String token = settings.generator().newToken();
        Registration next = registration(current.clientId(), TokenHasher.hash(token), registration.issuedAt(), requested);
        if (!storage.registrations().replace(registration.accessTokenHash(), next)) {
            // another request with the same token rotated it (or deleted the client) first
            return Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                    "the registration access token is not valid for this client"), realm, null);
        }
        storage.clients().save(updated);
        Events.emit(new OAuthEvent.ClientRegistered(settings.clock().instant(), Events.correlationId(),
                current.clientId(), true));
        LOG.info("client {} updated its registration (RFC 7592)", current.clientId());
        return Responses.json(200, information(updated, next, null, token));
    }

    /** RFC 7592 §2.3: the client deleted with its grants and tokens; 204. */
    private EndpointResponse delete(Client client, Registration registration) {
        // a compare-and-set first, so that an update racing with the same token cannot bring it back
        Registration gone = registration.withAccessTokenHash(TokenHasher.hash(settings.generator().newToken()));
        if (!storage.registrations().replace(registration.accessTokenHash(), gone)) {
            return Responses.resourceError(OAuthError.of(ErrorCode.INVALID_TOKEN,
                    "the registration access token is not valid for this client"), realm, null);
        }
        Instant now = settings.clock().instant();
        storage.clients().delete(client.clientId(), now);
        storage.registrations().delete(client.clientId());
        Events.emit(new OAuthEvent.ClientDeleted(now, Events.correlationId(), client.clientId()));
        LOG.info("client {} deleted its registration (RFC 7592)", client.clientId());
        return new EndpointResponse(204, NO_STORE, "");
    }

    // ---- the body --------------------------------------------------------------------------------------

    /** The body as UTF-8 text: readable, within the cap, {@code application/json} (RFC 7591 §3). */
    private String jsonBody(EndpointRequest request) throws RegistrationMetadata.Invalid {
        if (request.bodyUnreadable()) {
            throw new RegistrationMetadata.Invalid(ErrorCode.UNREADABLE_BODY,
                    "the request body ended before its length or its chunked framing is malformed");
        }
        String length = request.header("Content-Length");
        if (request.body().length > maxBodyBytes || length != null && !length.trim().isEmpty()
                && (length.trim().length() > 9 || !length.trim().chars().allMatch(Character::isDigit)
                || Long.parseLong(length.trim()) > maxBodyBytes)) {
            throw new RegistrationMetadata.Invalid(ErrorCode.REQUEST_TOO_LARGE, "the request body is too large");
        }
        List<String> types = request.headers("Content-Type");
        if (types.size() != 1 || !isJson(types.get(0))) {
            throw new RegistrationMetadata.Invalid(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be application/json in UTF-8 (RFC 7591 section 3.1)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(request.body())).toString();
        } catch (CharacterCodingException e) {
            throw new RegistrationMetadata.Invalid(ErrorCode.INVALID_CLIENT_METADATA, "the body is not UTF-8");
        }
    }

    /** {@code application/json}, with no parameter but {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!p.isEmpty() && !p.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    // ---- the client and the answer -------------------------------------------------------------------

    /**
     * Under the server-wide FAPI 2.0 switch a client that could never be used (a secret, a public
     * client: FAPI 2.0 Security Profile §5.3.2.1 items 4 and 5) is not registered at all.
     */
    private OAuthError profileProblem(Client client) {
        if (!fapi2) {
            return null;
        }
        try {
            Fapi2.heldToProfile(client);
            return null;
        } catch (IllegalArgumentException cannotMeet) {
            return OAuthError.of(ErrorCode.INVALID_CLIENT_METADATA, "this server holds every client to the FAPI 2.0 "
                    + "Security Profile: token_endpoint_auth_method must be private_key_jwt, tls_client_auth or "
                    + "self_signed_tls_client_auth");
        }
    }

    private static ClientType type(ClientAuthMethod method) {
        return method == ClientAuthMethod.NONE ? ClientType.PUBLIC : ClientType.CONFIDENTIAL;
    }

    private static Client.Builder builder(String clientId, RegistrationMetadata.Requested r, SecretHash secretHash,
            String sealedSecret) {
        Client.Builder b = switch (r.authMethod()) {
            case NONE -> Client.publicClient(clientId); // PKCE required: the Client invariant
            case PRIVATE_KEY_JWT -> Client.confidentialWithKeys(clientId, r.keys());
            // RFC 8705 §2.1: the certificate's subject; §2.2: the certificate among the registered keys
            case TLS_CLIENT_AUTH -> Client.confidentialWithCertificate(clientId, r.tlsSubject());
            case SELF_SIGNED_TLS_CLIENT_AUTH -> Client.confidentialWithKeys(clientId, r.keys())
                    .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
            default -> Client.confidential(clientId, secretHash).authMethods(r.authMethod()).sealedSecret(sealedSecret);
        };
        if (r.keys().present()) {
            b.keys(r.keys());
        }
        r.redirectUris().forEach(b::redirectUri);
        return b.name(r.name())
                .scopes(r.scopes().toArray(String[]::new))
                .grantTypes(r.grantTypes().toArray(GrantType[]::new))
                .requirements(new ClientRequirements(r.pushedRequests(), false, r.dpop(), false,
                        r.certificateBoundTokens()))
                .logout(new ClientLogout(r.postLogoutRedirectUris(), r.backchannelLogoutUri()))
                .firstParty(false);
    }

    private static Client newClient(String clientId, RegistrationMetadata.Requested r, SecretHash secretHash,
            String sealedSecret) {
        return builder(clientId, r, secretHash, sealedSecret).build();
    }

    /** The new metadata; the secret, its rotation, the status and the token policy stay as they are. */
    private static Client updatedClient(Client current, RegistrationMetadata.Requested r) {
        Client.Builder b = builder(current.clientId(), r, current.secretHash(), current.sealedSecret())
                .previousSecret(current.previousSecret())
                .disabled(current.disabled())
                .refreshPolicy(current.refreshPolicy())
                .accessTokenFormat(current.accessTokenFormat());
        if (current.refreshGrace().enabled()) {
            b.refreshGrace(current.refreshGrace().window(), current.refreshGrace().maxReuses());
        }
        return b.build();
    }

    private static Registration registration(String clientId, String tokenHash, Instant issuedAt,
            RegistrationMetadata.Requested r) {
        return new Registration(clientId, tokenHash, issuedAt, r.clientUri(), r.logoUri(), r.policyUri(), r.tosUri(),
                r.contacts());
    }

    /**
     * The client information response (RFC 7591 §3.2.1, RFC 7592 §3), written by Nimbus: the metadata
     * as registered (not as sent), {@code client_secret} only when just issued, and the registration
     * access token just issued or rotated (only its hash is kept, so every answer rotates it).
     */
    private JSONObject information(Client client, Registration registration, String secret, String token) {
        OIDCClientMetadata m = new OIDCClientMetadata();
        m.setRedirectionURIs(new LinkedHashSet<>(client.redirectUris().stream().map(URI::create).toList()));
        m.setScope(new Scope(client.allowedScopes().toArray(String[]::new)));
        m.setGrantTypes(new LinkedHashSet<>(client.grantTypes().stream()
                .map(g -> new com.nimbusds.oauth2.sdk.GrantType(g.parameter())).toList()));
        m.setResponseTypes(client.allows(GrantType.AUTHORIZATION_CODE) ? Set.of(ResponseType.CODE) : Set.of());
        ClientAuthMethod method = client.authMethods().stream().filter(RegistrationMetadata.SUPPORTED_AUTH_METHODS::contains)
                .findFirst().orElse(ClientAuthMethod.NONE);
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(method.wireValue()));
        if (!client.name().equals(client.clientId())) {
            m.setName(client.name());
        }
        if (client.keys().jwks() != null) {
            try {
                m.setJWKSet(JWKSet.parse(client.keys().jwks()));
            } catch (java.text.ParseException impossible) {
                throw new IllegalStateException("a registered jwks no longer parses", impossible);
            }
        }
        m.setJWKSetURI(client.keys().jwksUri());
        if (!client.logout().postLogoutRedirectUris().isEmpty()) {
            m.setPostLogoutRedirectionURIs(new LinkedHashSet<>(client.logout().postLogoutRedirectUris().stream()
                    .map(URI::create).toList()));
        }
        m.setBackChannelLogoutURI(client.logout().backchannelLogoutUri());
        m.setDPoPBoundAccessTokens(client.requirements().dpop());
        m.setTLSClientCertificateBoundAccessTokens(client.requirements().certificateBoundTokens());
        if (client.tlsSubject() != null) {
            String value = client.tlsSubject().value();
            switch (client.tlsSubject().field()) {
                case SUBJECT_DN -> m.setTLSClientAuthSubjectDN(value);
                case SAN_DNS -> m.setTLSClientAuthSanDNS(value);
                case SAN_URI -> m.setTLSClientAuthSanURI(value);
                case SAN_IP -> m.setTLSClientAuthSanIP(value);
                case SAN_EMAIL -> m.setTLSClientAuthSanEmail(value);
            }
        }
        m.requiresPushedAuthorizationRequests(client.requirements().pushedRequests());
        m.setURI(uri(registration.clientUri()));
        m.setLogoURI(uri(registration.logoUri()));
        m.setPolicyURI(uri(registration.policyUri()));
        m.setTermsOfServiceURI(uri(registration.tosUri()));
        if (!registration.contacts().isEmpty()) {
            m.setEmailContacts(registration.contacts());
        }
        OIDCClientInformation info = new OIDCClientInformation(new ClientID(client.clientId()),
                Date.from(registration.issuedAt()), m, secret == null ? null : new Secret(secret),
                Endpoints.under(settings.issuer(), Endpoints.REGISTRATION + "/" + client.clientId()),
                token == null ? null : new BearerAccessToken(token));
        JSONObject json = info.toJSONObject();
        if (secret != null) {
            json.put("client_secret_expires_at", 0L); // RFC 7591 §3.2.1: 0, it does not expire
        }
        return json;
    }

    private static URI uri(String s) {
        return s == null ? null : URI.create(s);
    }

    /** For the engine's log: the configuration endpoint's client id from a request path, or {@code null}. */
    static String clientIdOf(String path) {
        String prefix = Endpoints.REGISTRATION + "/";
        return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }
}

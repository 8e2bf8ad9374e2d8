package id.nu.oauth.core;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.Syntax;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.minidev.json.JSONObject;

/**
 * The strict reading of a client's registration metadata (RFC 7591 §2), for a new registration and
 * for an update (RFC 7592 §2.2): parsed by Nimbus, then every value checked against what this server
 * supports and allows, with a size cap on each. Unknown fields are ignored (RFC 7591 §2). Every
 * problem is {@code invalid_redirect_uri} (a {@code redirect_uris} value), {@code invalid_software_statement}
 * (a software statement: this server accepts none) or {@code invalid_client_metadata} (anything
 * else), with a fixed description that never repeats a value the client sent.
 */
final class RegistrationMetadata {

    static final int MAX_REDIRECT_URIS = 20;
    static final int MAX_URI_LENGTH = 2048;
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_CONTACTS = 10;
    static final int MAX_CONTACT_LENGTH = 254;
    static final int MAX_SCOPES = 50;
    static final int MAX_KEYS = 10;
    static final int MAX_JWKS_CHARS = 16 * 1024;

    /**
     * The authentication methods a client may register with (RFC 7591 §2); {@code client_secret_jwt}
     * only when the server has a client secret encryption key.
     */
    static final Set<ClientAuthMethod> SUPPORTED_AUTH_METHODS = EnumSet.of(ClientAuthMethod.CLIENT_SECRET_BASIC,
            ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.CLIENT_SECRET_JWT, ClientAuthMethod.PRIVATE_KEY_JWT,
            ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthMethod.NONE);

    /** Members the server sets, which an update must not send (RFC 7592 §2.2). */
    private static final List<String> SERVER_MEMBERS = List.of("registration_access_token", "registration_client_uri",
            "client_secret_expires_at", "client_id_issued_at");

    /** A metadata problem, answered as its error. */
    static final class Invalid extends Exception {
        final transient OAuthError error;

        Invalid(ErrorCode code, String description) {
            super(description, null, false, false);
            this.error = OAuthError.of(code, description);
        }
    }

    /**
     * What a client asked for, checked.
     *
     * @param authMethod how it authenticates at the token endpoint
     * @param grantTypes its grant types
     * @param redirectUris its redirect URIs, in the order sent
     * @param scopes the scopes it may ask for
     * @param name {@code client_name}, or {@code null}
     * @param keys its keys ({@code jwks} or {@code jwks_uri}), or {@link ClientKeys#NONE}
     * @param postLogoutRedirectUris {@code post_logout_redirect_uris}
     * @param backchannelLogoutUri {@code backchannel_logout_uri}, or {@code null}
     * @param dpop {@code dpop_bound_access_tokens} (RFC 9449 §5.2)
     * @param pushedRequests {@code require_pushed_authorization_requests} (RFC 9126 §6)
     * @param clientUri {@code client_uri}, or {@code null}
     * @param logoUri {@code logo_uri}, or {@code null}
     * @param policyUri {@code policy_uri}, or {@code null}
     * @param tosUri {@code tos_uri}, or {@code null}
     * @param contacts {@code contacts}
     * @param clientSecret the {@code client_secret} an update sent (to be compared), or {@code null}
     * @param tlsSubject the certificate subject of a {@code tls_client_auth} client (RFC 8705 §2.1.2),
     *     or {@code null}
     * @param certificateBoundTokens {@code tls_client_certificate_bound_access_tokens} (RFC 8705 §3.4)
     */
    record Requested(ClientAuthMethod authMethod, Set<GrantType> grantTypes, List<String> redirectUris,
            Set<String> scopes, String name, ClientKeys keys, List<String> postLogoutRedirectUris,
            URI backchannelLogoutUri, boolean dpop, boolean pushedRequests, String clientUri, String logoUri,
            String policyUri, String tosUri, List<String> contacts, String clientSecret,
            CertificateSubject tlsSubject, boolean certificateBoundTokens) {
    }

    private RegistrationMetadata() {
    }

    /**
     * Reads the metadata of a registration ({@code clientId} {@code null}) or of an update of the
     * client {@code clientId}, which must name itself in the body; {@code clientSecretJwt}: whether
     * {@code client_secret_jwt} may be registered (the server has the key to seal secrets).
     */
    static Requested read(JSONObject o, DynamicRegistration policy, boolean allowPrivateNetworks, String clientId,
            boolean clientSecretJwt) throws Invalid {
        if (o.containsKey("software_statement")) {
            throw new Invalid(ErrorCode.INVALID_SOFTWARE_STATEMENT,
                    "software statements are not accepted by this server (RFC 7591 section 2.3); register without one");
        }
        if (clientId != null) {
            if (!clientId.equals(o.get("client_id"))) {
                throw metadata("an update must carry the client's own client_id (RFC 7592 section 2.2)");
            }
            for (String member : SERVER_MEMBERS) {
                if (o.containsKey(member)) {
                    throw metadata("an update must not carry " + member + " (RFC 7592 section 2.2)");
                }
            }
        }
        if (o.containsKey("jwks") && o.containsKey("jwks_uri")) {
            throw metadata("jwks and jwks_uri must not both be sent (RFC 7591 section 2)");
        }
        Object redirectMember = o.get("redirect_uris");
        if (redirectMember != null && !(redirectMember instanceof List<?>)) {
            throw redirectUri("redirect_uris must be an array of strings");
        }
        OIDCClientMetadata m;
        try {
            m = OIDCClientMetadata.parse(o);
        } catch (ParseException e) {
            boolean redirect = e.getErrorObject() != null
                    && ErrorCode.INVALID_REDIRECT_URI.value().equals(e.getErrorObject().getCode());
            throw redirect ? redirectUri("a redirect URI is not valid")
                    : metadata("a client metadata value is malformed (RFC 7591 section 2)");
        } catch (RuntimeException e) {
            throw metadata("a client metadata value is malformed (RFC 7591 section 2)");
        }

        ClientAuthMethod authMethod = authMethod(o, clientSecretJwt);
        Set<GrantType> grantTypes = grantTypes(o, authMethod);
        responseTypes(o, grantTypes);
        List<String> redirectUris = redirectUris(o, grantTypes);
        Set<String> scopes = scopes(o, policy);
        String name = name(o);
        ClientKeys keys = keys(o, allowPrivateNetworks);
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT && !keys.present()) {
            throw metadata("private_key_jwt needs jwks or jwks_uri (RFC 7591 section 2)");
        }
        if (authMethod == ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH && !keys.present()) {
            throw metadata("self_signed_tls_client_auth needs jwks or jwks_uri with the client's certificates "
                    + "(RFC 8705 section 2.2.2)");
        }
        CertificateSubject tlsSubject = tlsSubject(o, authMethod);
        Object bound = o.get("tls_client_certificate_bound_access_tokens");
        if (bound != null && !(bound instanceof Boolean)) {
            throw metadata("tls_client_certificate_bound_access_tokens is a boolean (RFC 8705 section 3.4)");
        }
        List<String> postLogout = new ArrayList<>();
        for (String uri : uriList(o, "post_logout_redirect_uris")) {
            if (!isRedirectUri(uri)) {
                throw metadata("a post_logout_redirect_uri is not valid: https, http on loopback or a private-use "
                        + "scheme, without fragment, user info or wildcard");
            }
            if (!postLogout.contains(uri)) {
                postLogout.add(uri);
            }
        }
        URI backchannel = m.getBackChannelLogoutURI();
        if (backchannel != null && !isServerSideUrl(backchannel, allowPrivateNetworks)) {
            throw metadata("backchannel_logout_uri must be an https URL on a public address, without fragment "
                    + "or user info");
        }
        String clientUri = httpsUri(m.getURI(), "client_uri");
        String logoUri = httpsUri(m.getLogoURI(), "logo_uri");
        String policyUri = httpsUri(m.getPolicyURI(), "policy_uri");
        String tosUri = httpsUri(m.getTermsOfServiceURI(), "tos_uri");
        List<String> contacts = contacts(m.getEmailContacts());
        Object secret = o.get("client_secret");
        if (secret != null && !(secret instanceof String)) {
            throw metadata("client_secret is a string");
        }
        return new Requested(authMethod, grantTypes, redirectUris, scopes, name, keys, List.copyOf(postLogout),
                backchannel, m.getDPoPBoundAccessTokens(), m.requiresPushedAuthorizationRequests(), clientUri, logoUri,
                policyUri, tosUri, contacts, (String) secret, tlsSubject, Boolean.TRUE.equals(bound));
    }

    /**
     * RFC 8705 §2.1.2: a {@code tls_client_auth} client registers exactly one of the subject DN and
     * the four SAN members; other clients none. The value is never echoed in an error.
     */
    private static CertificateSubject tlsSubject(JSONObject o, ClientAuthMethod method) throws Invalid {
        CertificateSubject found = null;
        for (CertificateSubject.Field field : CertificateSubject.Field.values()) {
            Object value = o.get(field.metadataName());
            if (value == null) {
                continue;
            }
            if (found != null) {
                throw metadata("only one of tls_client_auth_subject_dn and the tls_client_auth_san_* members may be "
                        + "sent (RFC 8705 section 2.1.2)");
            }
            if (!(value instanceof String text)) {
                throw metadata(field.metadataName() + " is a string");
            }
            try {
                found = CertificateSubject.of(field, text);
            } catch (IllegalArgumentException invalid) {
                throw metadata(field.metadataName() + " is not valid (RFC 8705 section 2.1.2)");
            }
        }
        if (method == ClientAuthMethod.TLS_CLIENT_AUTH && found == null) {
            throw metadata("tls_client_auth needs one of tls_client_auth_subject_dn, tls_client_auth_san_dns, "
                    + "tls_client_auth_san_uri, tls_client_auth_san_ip or tls_client_auth_san_email "
                    + "(RFC 8705 section 2.1.2)");
        }
        if (method != ClientAuthMethod.TLS_CLIENT_AUTH && found != null) {
            throw metadata("a certificate subject is registered only with tls_client_auth (RFC 8705 section 2.1.2)");
        }
        return found;
    }

    /** The body as a JSON object, parsed by Nimbus. */
    static JSONObject parse(String body) throws Invalid {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw metadata("the body is not a JSON object (RFC 7591 section 3.1)");
        }
    }

    private static ClientAuthMethod authMethod(JSONObject o, boolean clientSecretJwt) throws Invalid {
        Object value = o.get("token_endpoint_auth_method");
        if (value == null) {
            return ClientAuthMethod.CLIENT_SECRET_BASIC; // RFC 7591 §2: the default
        }
        ClientAuthMethod method = value instanceof String s ? ClientAuthMethod.fromWireValue(s).orElse(null) : null;
        if (method == null || !SUPPORTED_AUTH_METHODS.contains(method)
                || method == ClientAuthMethod.CLIENT_SECRET_JWT && !clientSecretJwt) {
            throw metadata("token_endpoint_auth_method must be client_secret_basic, client_secret_post, "
                    + (clientSecretJwt ? "client_secret_jwt, " : "")
                    + "private_key_jwt, tls_client_auth, self_signed_tls_client_auth or none");
        }
        return method;
    }

    private static Set<GrantType> grantTypes(JSONObject o, ClientAuthMethod authMethod) throws Invalid {
        List<String> names = strings(o, "grant_types", 10);
        if (names == null) {
            return EnumSet.of(GrantType.AUTHORIZATION_CODE); // RFC 7591 §2: the default
        }
        if (names.isEmpty()) {
            throw metadata("grant_types must name at least one grant type");
        }
        Set<GrantType> types = EnumSet.noneOf(GrantType.class);
        for (String name : names) {
            types.add(GrantType.fromParameter(name).orElseThrow(() -> metadata(
                    "grant_types may hold authorization_code, refresh_token and client_credentials only")));
        }
        if (types.contains(GrantType.CLIENT_CREDENTIALS) && authMethod == ClientAuthMethod.NONE) {
            throw metadata("client_credentials is for clients that authenticate (RFC 6749 section 4.4)");
        }
        if (types.contains(GrantType.REFRESH_TOKEN) && !types.contains(GrantType.AUTHORIZATION_CODE)) {
            throw metadata("refresh_token is issued with authorization_code only here");
        }
        return types;
    }

    /** RFC 7591 §2.1: {@code code} goes with {@code authorization_code}, and nothing else is supported. */
    private static void responseTypes(JSONObject o, Set<GrantType> grantTypes) throws Invalid {
        List<String> names = strings(o, "response_types", 10);
        boolean code = grantTypes.contains(GrantType.AUTHORIZATION_CODE);
        if (names == null) {
            return; // the default follows the grant types
        }
        for (String name : names) {
            if (!name.equals("code")) {
                throw metadata("response_types may hold code only");
            }
        }
        if (code != names.contains("code")) {
            throw metadata("response_types and grant_types are inconsistent: code goes with authorization_code "
                    + "(RFC 7591 section 2.1)");
        }
    }

    private static List<String> redirectUris(JSONObject o, Set<GrantType> grantTypes) throws Invalid {
        List<String> uris;
        try {
            uris = strings(o, "redirect_uris", Integer.MAX_VALUE);
        } catch (Invalid e) {
            throw redirectUri("redirect_uris must be an array of strings");
        }
        uris = uris == null ? List.of() : uris;
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw redirectUri("at most " + MAX_REDIRECT_URIS + " redirect URIs may be registered");
        }
        if (uris.isEmpty() && grantTypes.contains(GrantType.AUTHORIZATION_CODE)) {
            throw redirectUri("a client of the authorization code grant must register a redirect URI "
                    + "(RFC 7591 section 2)");
        }
        for (String uri : uris) {
            if (!isRedirectUri(uri)) {
                throw redirectUri("a redirect URI must be https, http on a loopback address, or a private-use scheme "
                        + "such as com.example.app:/cb; never with a fragment, user info or wildcard "
                        + "(RFC 8252 section 7, RFC 9700 section 2.1)");
            }
        }
        if (new LinkedHashSet<>(uris).size() != uris.size()) {
            throw redirectUri("a redirect URI is listed twice");
        }
        return List.copyOf(uris);
    }

    private static Set<String> scopes(JSONObject o, DynamicRegistration policy) throws Invalid {
        Object value = o.get("scope");
        if (value == null) {
            return policy.allowedScopes(); // RFC 7591 §2: "MAY register a client with a default set"
        }
        if (!(value instanceof String s) || s.length() > MAX_URI_LENGTH) {
            throw metadata("scope is a space-separated string of scope tokens");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : s.split(" ", -1)) {
            if (!Syntax.isScopeToken(token)) {
                throw metadata("scope is a space-separated string of scope tokens (RFC 6749 section 3.3)");
            }
            scopes.add(token);
        }
        if (scopes.size() > MAX_SCOPES || !policy.allowedScopes().containsAll(scopes)) {
            throw metadata("scope names a scope that registered clients may not have");
        }
        return scopes;
    }

    private static String name(JSONObject o) throws Invalid {
        Object value = o.get("client_name");
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_NAME_LENGTH || hasControl(s)) {
            throw metadata("client_name is 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        return s;
    }

    private static ClientKeys keys(JSONObject o, boolean allowPrivateNetworks) throws Invalid {
        Object jwks = o.get("jwks");
        if (jwks != null) {
            if (!(jwks instanceof Map<?, ?> set)) {
                throw metadata("jwks is a JWK set object");
            }
            String json = new JSONObject(cast(set)).toJSONString();
            if (json.length() > MAX_JWKS_CHARS) {
                throw metadata("jwks is too large");
            }
            try {
                if (ClientJwks.parsePublic(json).getKeys().size() > MAX_KEYS) {
                    throw metadata("jwks holds at most " + MAX_KEYS + " keys");
                }
            } catch (ClientJwks.Unavailable e) {
                throw metadata("jwks must be a JWK set of public asymmetric keys (RFC 7591 section 2)");
            }
            return ClientKeys.inline(json);
        }
        Object uri = o.get("jwks_uri");
        if (uri == null) {
            return ClientKeys.NONE;
        }
        URI parsed = uri instanceof String s ? uri(s) : null;
        if (parsed == null || !isServerSideUrl(parsed, allowPrivateNetworks)) {
            throw metadata("jwks_uri must be an https URL on a public address, without fragment or user info");
        }
        return ClientKeys.remote(parsed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static List<String> contacts(List<String> contacts) throws Invalid {
        if (contacts == null) {
            return List.of();
        }
        if (contacts.size() > MAX_CONTACTS) {
            throw metadata("at most " + MAX_CONTACTS + " contacts");
        }
        for (String contact : contacts) {
            if (contact == null || contact.isBlank() || contact.length() > MAX_CONTACT_LENGTH || hasControl(contact)) {
                throw metadata("a contact is 1 to " + MAX_CONTACT_LENGTH + " characters without control characters");
            }
        }
        return List.copyOf(new LinkedHashSet<>(contacts));
    }

    /** client_uri, logo_uri, policy_uri, tos_uri: https only, absolute, no user info. */
    private static String httpsUri(URI uri, String member) throws Invalid {
        if (uri == null) {
            return null;
        }
        String s = uri.toString();
        if (s.length() > MAX_URI_LENGTH || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || hasControl(s)) {
            throw metadata(member + " must be an https URL without user info");
        }
        return s;
    }

    /**
     * A redirect URI a client may register: https with a host; http on a loopback address (RFC 8252
     * §7.3); or a private-use scheme with a dot (RFC 8252 §7.1, {@code com.example.app:/cb}). Never a
     * fragment (RFC 6749 §3.1.2), user info, wildcard, whitespace or an opaque form; so never
     * {@code javascript:}, {@code data:}, {@code file:} or {@code vbscript:}.
     */
    static boolean isRedirectUri(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_URI_LENGTH || s.indexOf('*') >= 0 || s.indexOf('#') >= 0
                || hasControl(s) || s.indexOf(' ') >= 0 || s.indexOf('\\') >= 0) {
            return false;
        }
        URI uri = uri(s);
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> uri.getHost() != null;
            case "http" -> uri.getHost() != null && Syntax.isLoopbackHost(uri.getHost());
            case "javascript", "data", "file", "vbscript", "about", "blob", "ftp", "ws", "wss", "mailto" -> false;
            default -> scheme.indexOf('.') > 0 && uri.getRawPath() != null && uri.getRawPath().startsWith("/");
        };
    }

    /**
     * A URL the server itself will call ({@code jwks_uri}, {@code backchannel_logout_uri}): https with a
     * host, no user info or fragment; unless private networks are allowed, not a loopback, private or
     * otherwise non-public address literal nor {@code localhost} (the fetch checks resolved names again).
     */
    static boolean isServerSideUrl(URI uri, boolean allowPrivateNetworks) {
        String s = uri.toString();
        if (s.length() > MAX_URI_LENGTH || !uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || hasControl(s)) {
            return false;
        }
        if (allowPrivateNetworks) {
            return true;
        }
        String host = uri.getHost();
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (literal.equalsIgnoreCase("localhost") || literal.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return false;
        }
        boolean ipLiteral = literal.contains(":") || literal.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
        if (!ipLiteral) {
            return true;
        }
        try {
            return ClientJwks.isPublic(InetAddress.getByName(literal)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static List<String> uriList(JSONObject o, String member) throws Invalid {
        List<String> uris = strings(o, member, MAX_REDIRECT_URIS);
        return uris == null ? List.of() : uris;
    }

    /** A member that must be an array of at most {@code max} strings; {@code null} when absent. */
    private static List<String> strings(JSONObject o, String member, int max) throws Invalid {
        Object value = o.get(member);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw metadata(member + " must be an array of strings");
        }
        if (list.size() > max) {
            throw metadata(member + " has too many values");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw metadata(member + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i)) || s.charAt(i) == '\u2028' || s.charAt(i) == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static Invalid metadata(String description) {
        return new Invalid(ErrorCode.INVALID_CLIENT_METADATA, description);
    }

    private static Invalid redirectUri(String description) {
        return new Invalid(ErrorCode.INVALID_REDIRECT_URI, description);
    }
}

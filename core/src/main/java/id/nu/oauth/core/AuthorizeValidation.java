package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.Syntax;
import java.util.Set;

/**
 * The first step of an authorization request once its client and redirect URI are trusted: read and
 * check every other parameter (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core 1.0 §3.1.2.1).
 * Each failure is an error for the client's redirect URI; nothing here looks at the user or the
 * store.
 */
final class AuthorizeValidation {

    private AuthorizeValidation() {
    }

    /**
     * What a valid authorization request asks for.
     *
     * @param scopes the scopes granted if the user agrees (the client's defaults when none asked)
     * @param pkce the PKCE code challenge and its method (both {@code null} without PKCE)
     * @param nonce the OpenID Connect nonce, or {@code null}
     * @param prompt the {@code prompt} and {@code max_age} asked for
     * @param resources the resource indicators asked for (RFC 8707 §2), empty when none
     * @param claims the OpenID Connect {@code claims} and {@code acr_values} asked for
     * @param dpopJkt the {@code dpop_jkt} (RFC 9449 §10): the code is bound to that DPoP key; or {@code null}
     */
    record Valid(Set<String> scopes, Challenge pkce, String nonce, AuthenticationPrompt prompt,
            Set<String> resources, ClaimsRequest claims, String dpopJkt) {
    }

    /** RFC 7636 §4.2-4.3: a code challenge and its method, both {@code null} when the request had none. */
    record Challenge(String value, String method) {
        static final Challenge NONE = new Challenge(null, null);
    }

    static Checked<Valid> validate(Params params, Client client) {
        if (params.anyDuplicated() != null) {
            return Checked.failed(OAuthError.invalidRequest("a parameter was sent more than once (RFC 6749 section 3.1)"));
        }
        if (params.anyOversized() != null) {
            return Checked.failed(OAuthError.invalidRequest("a parameter is too long"));
        }
        // RFC 9101 §4, RFC 9126 §2.1: request and request_uri stand for a whole request; they are
        // resolved before validation and may not appear inside what they stand for.
        if (params.has("request") || params.has("request_uri")) {
            return Checked.failed(OAuthError.invalidRequest("request and request_uri cannot be nested in a request "
                    + "object or a pushed request (RFC 9101 section 4, RFC 9126 section 2.1)"));
        }
        String responseType = params.get("response_type");
        if (responseType == null) {
            return Checked.failed(OAuthError.invalidRequest("response_type is missing"));
        }
        if (!responseType.equals("code")) {
            return Checked.failed(OAuthError.unsupportedResponseType("only response_type=code is supported"));
        }
        if (!client.allows(GrantType.AUTHORIZATION_CODE)) {
            return Checked.failed(OAuthError.unauthorizedClient("the client may not use the authorization code flow"));
        }
        Checked<Set<String>> scopes = scopes(params, client);
        if (scopes instanceof Checked.Failed<Set<String>> failed) {
            return Checked.failed(failed.error());
        }
        Checked<Challenge> pkce = pkce(params, client);
        if (pkce instanceof Checked.Failed<Challenge> failed) {
            return Checked.failed(failed.error());
        }
        String nonce = params.get("nonce");
        if (nonce != null && !Syntax.isVisibleAscii(nonce)) {
            return Checked.failed(OAuthError.invalidRequest("nonce is malformed"));
        }
        Checked<AuthenticationPrompt> prompt = AuthenticationPrompt.parse(params);
        if (prompt instanceof Checked.Failed<AuthenticationPrompt> failed) {
            return Checked.failed(failed.error());
        }
        // RFC 8707 §2.1: the resources the client wants tokens for, each allowed for it.
        Checked<Set<String>> resources = ResourceIndicators.requested(params, client);
        if (resources instanceof Checked.Failed<Set<String>> failed) {
            return Checked.failed(failed.error());
        }
        // OpenID Connect Core 1.0 §5.5 and §3.1.2.1.
        Checked<ClaimsRequest> claims = ClaimsRequest.parse(params);
        if (claims instanceof Checked.Failed<ClaimsRequest> failed) {
            return Checked.failed(failed.error());
        }
        String dpopJkt = params.get("dpop_jkt");
        if (dpopJkt != null && !isJwkThumbprint(dpopJkt)) {
            return Checked.failed(OAuthError.invalidRequest(
                    "dpop_jkt must be a base64url JWK SHA-256 thumbprint (RFC 9449 section 10)"));
        }
        return Checked.ok(new Valid(((Checked.Ok<Set<String>>) scopes).value(), ((Checked.Ok<Challenge>) pkce).value(),
                nonce, ((Checked.Ok<AuthenticationPrompt>) prompt).value(),
                ((Checked.Ok<Set<String>>) resources).value(), ((Checked.Ok<ClaimsRequest>) claims).value(), dpopJkt));
    }

    /** RFC 7638 §3 with SHA-256: 32 bytes, base64url without padding, so 43 characters. */
    static boolean isJwkThumbprint(String value) {
        if (value.length() != 43) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 6749 §3.3: the scopes asked for, all allowed for the client; its defaults when none were asked. */
    static Checked<Set<String>> scopes(Params params, Client client) {
        String scope = params.get("scope");
        if (scope == null) {
            return Checked.ok(client.defaultScopes());
        }
        Set<String> scopes = Scopes.parse(scope);
        if (scopes == null) {
            return Checked.failed(OAuthError.invalidScope("scope is malformed"));
        }
        if (!client.allowedScopes().containsAll(scopes)) {
            return Checked.failed(OAuthError.invalidScope("a requested scope is unknown or not allowed for this client"));
        }
        return Checked.ok(scopes);
    }

    /**
     * RFC 7636 §4.3: the code challenge and its method ({@link Challenge#NONE} without PKCE);
     * {@code plain} only for a client allowed it (RFC 9700 §2.1.1).
     */
    static Checked<Challenge> pkce(Params params, Client client) {
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                return Checked.failed(OAuthError.invalidRequest("code_challenge_method without code_challenge"));
            }
            if (client.requirePkce()) {
                return Checked.failed(OAuthError.invalidRequest("code_challenge is required (PKCE, RFC 7636)"));
            }
            return Checked.ok(Challenge.NONE);
        }
        method = method == null ? Pkce.PLAIN : method; // RFC 7636 §4.3: plain when absent
        if (method.equals(Pkce.PLAIN) && !client.allowPlainPkce()) {
            return Checked.failed(OAuthError.invalidRequest("code_challenge_method must be S256"));
        }
        if (!method.equals(Pkce.S256) && !method.equals(Pkce.PLAIN)) {
            return Checked.failed(OAuthError.invalidRequest("code_challenge_method is not supported"));
        }
        if (!Pkce.wellFormedChallenge(method, challenge)) {
            return Checked.failed(OAuthError.invalidRequest("code_challenge is malformed"));
        }
        return Checked.ok(new Challenge(challenge, method));
    }
}

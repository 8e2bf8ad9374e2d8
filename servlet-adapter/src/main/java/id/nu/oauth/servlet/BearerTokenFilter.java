package id.nu.oauth.servlet;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protects the host's own APIs with the access tokens this server issues (RFC 6750). The token is
 * read from the {@code Authorization: Bearer} header only, never from the query or the body
 * (RFC 9700 §4.3.2 / OAuth 2.1). When the token is active and carries every required scope, the
 * request goes on with {@link #TOKEN_ATTRIBUTE} set to the {@link AccessTokenValidation.Active};
 * otherwise the filter answers:
 * <ul>
 * <li>no credentials (or another scheme): 401, {@code WWW-Authenticate: Bearer realm="..."} and no
 *     error code (RFC 6750 §3.1);</li>
 * <li>a malformed header: 400, {@code error="invalid_request"};</li>
 * <li>an unknown, expired or revoked token: 401, {@code error="invalid_token"};</li>
 * <li>a token without a required scope: 403, {@code error="insufficient_scope"} and
 *     {@code scope="..."}.</li>
 * </ul>
 *
 * <pre>{@code
 * FilterRegistration.Dynamic f = servletContext.addFilter("profile-api", new BearerTokenFilter(server, "profile"));
 * f.addMappingForUrlPatterns(null, false, "/me/*");
 * // in the servlet behind it:
 * AccessTokenValidation.Active token =
 *         (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
 * }</pre>
 */
public class BearerTokenFilter implements Filter {

    /** The request attribute holding the {@link AccessTokenValidation.Active} token. */
    public static final String TOKEN_ATTRIBUTE = "id.nu.oauth.servlet.token";

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final AuthorizationServer server;
    private final Set<String> requiredScopes;
    private final String realm;

    /**
     * A filter that lets through requests whose token carries every one of {@code requiredScopes}.
     *
     * @param server the server that issued the tokens
     * @param requiredScopes the scopes every request needs (none: any active token will do)
     */
    public BearerTokenFilter(AuthorizationServer server, String... requiredScopes) {
        this.server = Objects.requireNonNull(server, "server");
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : requiredScopes) {
            if (!id.nu.oauth.storage.Client.isScopeToken(scope)) {
                throw new IllegalArgumentException("not a scope token (RFC 6749 §3.3)");
            }
            scopes.add(scope);
        }
        this.requiredScopes = Collections.unmodifiableSet(scopes);
        this.realm = server.issuer().toString();
    }

    /** The scopes this filter requires. */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter serves HTTP requests only");
        }
        Enumeration<String> values = request.getHeaders("Authorization");
        List<String> headers = values == null ? List.of() : Collections.list(values);
        if (headers.size() > 1) {
            challenge(response, 400, "invalid_request", "the Authorization header was sent more than once");
            return;
        }
        String header = headers.isEmpty() ? null : headers.get(0);
        if (header == null || !isBearerScheme(header)) {
            challenge(response, 401, null, null); // §3.1: no error code when no (usable) credentials
            return;
        }
        String rest = header.substring(6);
        if (!isB64Token(rest)) {
            challenge(response, 400, "invalid_request", "the Authorization header is malformed (RFC 6750 §2.1)");
            return;
        }
        String token = rest.substring(1);
        AccessTokenValidation validation;
        try {
            validation = server.validateAccessToken(token);
        } catch (RuntimeException fault) {
            LOG.error("nuid-oauth: access token validation failed; answered server_error", fault);
            if (!response.isCommitted()) {
                response.reset();
                Json.error(response, 500, "server_error", "the token could not be checked");
            }
            return;
        }
        if (!(validation instanceof AccessTokenValidation.Active active)) {
            challenge(response, 401, "invalid_token", "the access token is invalid, expired or revoked");
            return;
        }
        if (!active.scopes().containsAll(requiredScopes)) {
            challenge(response, 403, "insufficient_scope", "the access token lacks a required scope");
            return;
        }
        request.setAttribute(TOKEN_ATTRIBUTE, active);
        chain.doFilter(request, response);
    }

    private void challenge(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        Bearer.challenge(response, realm, status, error, description,
                "insufficient_scope".equals(error) ? String.join(" ", requiredScopes) : null);
    }

    private static boolean isBearerScheme(String header) {
        return header.length() >= 6 && header.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
                && (header.length() == 6 || header.charAt(6) == ' ');
    }

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    private static boolean isB64Token(String headerRest) {
        if (!headerRest.startsWith(" ")) {
            return false;
        }
        String token = headerRest.substring(1);
        if (token.isEmpty()) {
            return false;
        }
        int i = 0;
        while (i < token.length() && isB64Char(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < token.length() && token.charAt(i) == '=') {
            i++;
        }
        return i == token.length();
    }

    private static boolean isB64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}

package id.nu.oauth.servlet;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ResourceAccess;
import id.nu.oauth.client.Syntax;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Protects the host's own APIs with the access tokens this server issues (RFC 6750): one call to
 * {@link AuthorizationServer#protectedResource}, which reads the {@code Authorization: Bearer}
 * header (never the query or the body, RFC 9700 §4.3.2 / OAuth 2.1) and makes every answer; this
 * filter parses nothing. When the token is active and carries every required scope, the
 * request goes on with {@link #TOKEN_ATTRIBUTE} set to the {@link AccessTokenValidation.Active};
 * otherwise the filter answers:
 * <ul>
 * <li>no credentials (or another scheme): 401, {@code WWW-Authenticate: Bearer realm="..."} and no
 *     error code (RFC 6750 §3.1);</li>
 * <li>a malformed or repeated header, or a token in the URL: 400, {@code error="invalid_request"};</li>
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
 * // an API that is one resource (RFC 8707) accepts only tokens whose audience names it:
 * servletContext.addFilter("ledger-api", new BearerTokenFilter(server).forResource("https://ledger.example.or.id/"));
 * }</pre>
 */
public class BearerTokenFilter implements Filter {

    /** The request attribute holding the {@link AccessTokenValidation.Active} token. */
    public static final String TOKEN_ATTRIBUTE = "id.nu.oauth.servlet.token";

    private final AuthorizationServer server;
    private final Set<String> requiredScopes;
    private final String resource;
    private final String certificateHeader;

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
            if (!Syntax.isScopeToken(scope)) {
                throw new IllegalArgumentException("not a scope token (RFC 6749 §3.3)");
            }
            scopes.add(scope);
        }
        this.requiredScopes = Collections.unmodifiableSet(scopes);
        this.resource = null;
        this.certificateHeader = null;
    }

    private BearerTokenFilter(AuthorizationServer server, Set<String> requiredScopes, String resource,
            String certificateHeader) {
        this.server = server;
        this.requiredScopes = requiredScopes;
        this.resource = resource;
        this.certificateHeader = certificateHeader;
    }

    /**
     * The same filter for an API that is the resource {@code resource} (RFC 8707): a token whose
     * audience does not name it is answered 401 {@code error="invalid_token"}, as
     * {@link AuthorizationServer#protectedResource(id.nu.oauth.core.EndpointRequest, Set, String)} decides.
     *
     * @param resource the resource indicator this API answers to: an absolute URI without a fragment
     */
    public BearerTokenFilter forResource(String resource) {
        if (!Syntax.isResourceIndicator(resource)) {
            throw new IllegalArgumentException("a resource is an absolute URI without a fragment (RFC 8707 §2)");
        }
        return new BearerTokenFilter(server, requiredScopes, resource, certificateHeader);
    }

    /**
     * The same filter behind a TLS-terminating proxy that passes the client certificate as
     * URL-encoded PEM in {@code headerName}, for certificate-bound tokens (RFC 8705 §3) when the
     * container saw no certificate itself. Dangerous unless the proxy always overwrites that header:
     * see {@link OAuthEndpoints.Builder#trustedClientCertificateHeader(String)}.
     *
     * <pre>{@code
     * new BearerTokenFilter(server, "profile").withTrustedClientCertificateHeader("X-Client-Cert");
     * }</pre>
     */
    public BearerTokenFilter withTrustedClientCertificateHeader(String headerName) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("a header name");
        }
        return new BearerTokenFilter(server, requiredScopes, resource, headerName);
    }

    /** The resource this filter answers to, or {@code null} when any audience will do. */
    public String resource() {
        return resource;
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
        ResourceAccess access = server.protectedResource(Exchange.withoutBody(request, certificateHeader).build(),
                requiredScopes,
                resource);
        if (access instanceof ResourceAccess.Granted granted) {
            request.setAttribute(TOKEN_ATTRIBUTE, granted.token());
            chain.doFilter(request, response);
        } else if (access instanceof ResourceAccess.Denied denied) {
            Exchange.write(response, denied.response());
        }
    }
}

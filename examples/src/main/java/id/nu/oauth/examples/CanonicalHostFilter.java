package id.nu.oauth.examples;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * Sends a browser that opened the portal as {@code http://localhost:8080/} to
 * {@code http://127.0.0.1:8080/}: the issuer, the demo client's redirect URI and the session cookie
 * all belong to one origin, and a cookie set for {@code localhost} is not sent to
 * {@code 127.0.0.1}. Only page GETs are redirected.
 *
 * <pre>{@code
 * context.addFilter("canonical-host", new CanonicalHostFilter(origin))
 *        .addMappingForUrlPatterns(null, false, "/login", "/demo-client/*");
 * }</pre>
 */
final class CanonicalHostFilter implements Filter {

    private final URI origin;

    CanonicalHostFilter(URI origin) {
        this.origin = origin;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String host = request.getHeader("Host");
        if ("GET".equals(request.getMethod()) && host != null && !host.equalsIgnoreCase(origin.getRawAuthority())) {
            String query = request.getQueryString();
            response.setStatus(302);
            response.setHeader("Location", origin + request.getRequestURI() + (query == null ? "" : "?" + query));
            return;
        }
        chain.doFilter(request, response);
    }
}

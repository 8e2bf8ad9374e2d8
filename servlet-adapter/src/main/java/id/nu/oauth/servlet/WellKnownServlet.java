package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the RFC 8414 metadata at whatever path it is mapped to: for the location RFC 8414 §3.1
 * derives from the issuer at the origin's root ({@link OAuthEndpoints#wellKnownPath()}).
 */
final class WellKnownServlet extends HttpServlet {

    private final transient AuthorizationServer server;

    WellKnownServlet(AuthorizationServer server) {
        this.server = server;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange.write(response, server.authorizationServerMetadata(Exchange.withoutBody(request).build()));
    }
}

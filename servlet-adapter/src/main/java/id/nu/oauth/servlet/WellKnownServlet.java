package id.nu.oauth.servlet;

import id.nu.oauth.core.AuthorizationServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the RFC 8414 metadata at whatever path it is mapped to: for the location RFC 8414 §3.1
 * derives from the issuer at the origin's root ({@link OAuthEndpoints#wellKnownPath()}).
 */
final class WellKnownServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(WellKnownServlet.class);

    private final transient AuthorizationServer server;

    WellKnownServlet(AuthorizationServer server) {
        this.server = server;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String document;
        try {
            document = server.authorizationServerMetadata();
        } catch (RuntimeException fault) {
            LOG.error("nuid-oauth: the metadata could not be produced; answered server_error", fault);
            Json.error(response, 500, "server_error", "the authorization server could not complete the request");
            return;
        }
        OAuthServlet.document(request.getMethod(), response, () -> document, OAuthServlet.METADATA_CACHE);
    }
}

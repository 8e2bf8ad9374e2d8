package id.nu.oauth.servlet;

import id.nu.oauth.core.EndpointResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12's own error answers in the adapter's shape: when Jetty refuses a request before any
 * web application sees it (431 oversized headers, 414 URL too long, 400 bad {@code Host} or
 * request line, 505 HTTP version, 404 no context), a path under the API path gets the engine's
 * JSON error ({@code {"error":"invalid_request",...}}) and any other path a small HTML page, with
 * no server version, no stack trace and nothing of the request in it. Jetty answers these through
 * the {@link Server}'s error handler, so install it there:
 *
 * <pre>{@code
 * Server server = new Server();
 * server.addConnector(new ServerConnector(server));
 * JettyErrorHandler.install(server, "/api");   // context path + base path
 * server.setHandler(context);
 * server.start();
 * }</pre>
 *
 * {@link #install} also turns off {@code Server: Jetty(version)} on the connectors added so far;
 * a handler set with {@code server.setErrorHandler} alone cannot, so then call
 * {@code HttpConfiguration.setSendServerVersion(false)} yourself.
 *
 * <p>Where Jetty cannot read the request line (a URL too long, an unknown HTTP version) it does not
 * know the path either: those get the HTML page. An ee10 {@code ServletContextHandler} without an
 * error handler of its own hands its errors (a servlet's {@code sendError}, an uncaught exception)
 * to this one too, so they get the same answers, without the exception.
 */
public final class JettyErrorHandler extends ErrorHandler {

    private final ContainerErrors errors;

    /**
     * A handler for this API path.
     *
     * @param apiPath the API path as clients send it (context path + base path, e.g. {@code /api})
     */
    public JettyErrorHandler(String apiPath) {
        this.errors = new ContainerErrors(apiPath);
    }

    /**
     * Makes a new handler for {@code apiPath} the server's error handler and stops every HTTP
     * connector (HTTP/1.1, h2, h2c) of {@code server} added so far from sending
     * {@code Server: Jetty(version)}.
     */
    public static JettyErrorHandler install(Server server, String apiPath) {
        JettyErrorHandler handler = new JettyErrorHandler(apiPath);
        server.setErrorHandler(handler);
        for (Connector connector : server.getConnectors()) {
            for (ConnectionFactory factory : connector.getConnectionFactories()) {
                if (factory instanceof HttpConfiguration.ConnectionFactory http) {
                    http.getHttpConfiguration().setSendServerVersion(false);
                }
            }
        }
        return handler;
    }

    /** Every method gets the answer, not only GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        HttpURI uri = request.getHttpURI();
        EndpointResponse answer = errors.answer(code, uri == null ? null : uri.getPath());
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        answer.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        // Jetty sends an error body even to a HEAD when it refused the request itself
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }
}

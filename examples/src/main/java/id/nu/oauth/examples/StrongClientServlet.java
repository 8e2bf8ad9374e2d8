package id.nu.oauth.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;

/**
 * The strong demo client's pages at {@value #PATH}: a walk-through of DPoP + PAR +
 * {@code private_key_jwt} (see {@link StrongClient}), one button per step, each HTTP message shown
 * with its JWTs decoded and its tokens masked. Its state lives in the visitor's session; every POST
 * carries the portal's CSRF token.
 *
 * <pre>{@code
 * context.addServlet("strong-client", new StrongClientServlet(strong, users, origin))
 *         .addMapping(StrongClientServlet.PATH + "/*");
 * }</pre>
 */
final class StrongClientServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PATH = "/strong-client";
    static final String CALLBACK_PATH = PATH + "/callback";
    private static final String FLOW_ATTRIBUTE = "nuid-demo.strong-client";

    private final transient StrongClient client;
    private final transient UserDirectory users;
    private final transient URI origin;
    private final transient StrongClientPage page;

    StrongClientServlet(StrongClient client, UserDirectory users, URI origin) {
        this.client = client;
        this.users = users;
        this.origin = origin;
        this.page = new StrongClientPage(client);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            seeOther(response, PATH + "/");
        } else if ("/".equals(path)) {
            StrongFlow flow = flow(request);
            String body;
            if (flow == null) {
                body = page.body(null, Sessions.csrfField(request));
            } else {
                synchronized (flow) {
                    body = page.body(flow, Sessions.csrfField(request));
                }
            }
            Html.send(response, 200, "Strong demo client", LoginServlet.topBar(request, users), body);
        } else if ("/callback".equals(path)) {
            StrongFlow flow = flow(request);
            if (flow == null || flow.state == null) {
                Html.send(response, 400, "Unexpected callback", LoginServlet.topBar(request, users),
                        "<h1>Unexpected callback</h1><p class=\"error\" role=\"alert\">This client did not start a "
                                + "sign-in in this browser session, so it ignores this response.</p><p><a href=\""
                                + PATH + "/\">Back to the strong demo client</a></p>");
                return;
            }
            String query = request.getQueryString();
            synchronized (flow) {
                client.callback(flow, URI.create(origin + CALLBACK_PATH + (query == null ? "" : "?" + query)));
                request.getSession().setAttribute(FLOW_ATTRIBUTE, flow);
            }
            seeOther(response, PATH + "/");
        } else {
            Html.send(response, 404, "Not found", LoginServlet.topBar(request, users),
                    "<h1>Not found</h1><p><a href=\"" + PATH + "/\">Back to the strong demo client</a></p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        if (!Sessions.csrfValid(request)) {
            Html.send(response, 403, "Form expired", LoginServlet.topBar(request, users),
                    "<h1>This form expired</h1><p class=\"error\" role=\"alert\">It was not sent from this page "
                            + "or your session ended.</p><p><a href=\"" + PATH + "/\">Back to the strong demo client</a></p>");
            return;
        }
        HttpSession session = request.getSession();
        String path = String.valueOf(request.getPathInfo());
        if ("/start".equals(path)) {
            StrongFlow flow = client.start();
            session.setAttribute(FLOW_ATTRIBUTE, flow);
            seeOther(response, flow.requestUri != null ? client.authorizeRedirect(flow).toString() : PATH + "/");
            return;
        }
        if ("/reset".equals(path)) {
            session.removeAttribute(FLOW_ATTRIBUTE);
            seeOther(response, PATH + "/");
            return;
        }
        StrongFlow flow = flow(request);
        if (flow == null) {
            seeOther(response, PATH + "/");
            return;
        }
        synchronized (flow) {
            switch (path) {
                case "/userinfo" -> {
                    if (flow.accessToken != null) {
                        client.userinfo(flow);
                    }
                }
                case "/bearer" -> {
                    if (flow.accessToken != null) {
                        client.userinfoAsBearer(flow);
                    }
                }
                case "/refresh" -> {
                    if (flow.refreshToken != null) {
                        client.refresh(flow);
                    }
                }
                default -> {
                    response.sendError(404);
                    return;
                }
            }
            session.setAttribute(FLOW_ATTRIBUTE, flow);
        }
        seeOther(response, PATH + "/");
    }

    private static StrongFlow flow(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(FLOW_ATTRIBUTE) instanceof StrongFlow f ? f : null;
    }

    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }
}

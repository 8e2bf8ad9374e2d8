package id.nu.oauth.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The portal's own API, {@code GET /resource/me}: who the access token speaks for. The adapter's
 * {@link BearerTokenFilter} in front of it lets through only requests with an active token that has
 * the {@code profile} scope, and answers the others with 401 or 403 (RFC 6750 §3).
 *
 * <pre>{@code
 * curl -H "Authorization: Bearer $ACCESS_TOKEN" http://127.0.0.1:8080/resource/me
 * }</pre>
 */
final class ResourceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/resource/me";
    static final String REQUIRED_SCOPE = "profile";

    private final transient UserDirectory users;

    ResourceServlet(UserDirectory users) {
        this.users = users;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AccessTokenValidation.Active token =
                (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sub", token.subject()); // client:<id> for a client acting for itself
        if (!token.clientOnly()) {
            users.bySubject(token.subject()).ifPresent(u -> json.put("name", u.displayName()));
        }
        json.put("client_id", token.clientId());
        json.put("scope", String.join(" ", new TreeSet<>(token.scopes())));
        json.put("expires_at", token.expiresAt().toString());
        byte[] bytes = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}

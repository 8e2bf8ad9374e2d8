package id.nu.oauth.examples.springboot;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The portal's protected API: {@code GET /me} answers who the bearer token belongs to. The
 * {@link BearerTokenFilter} in front of it has already checked the token and the {@code profile}
 * scope, and left the token's details in a request attribute.
 *
 * <pre>{@code
 * GET /me
 * Authorization: Bearer <access token>
 *
 * 200 {"sub":"alice","client_id":"demo-app","scope":"profile"}
 * }</pre>
 */
@RestController
public class MeController {

    /** The token's user, client and scopes. */
    @GetMapping("/me")
    public Map<String, Object> me(HttpServletRequest request) {
        AccessTokenValidation.Active token =
                (AccessTokenValidation.Active) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", token.subject());
        body.put("client_id", token.clientId());
        body.put("scope", String.join(" ", new TreeSet<>(token.scopes())));
        return body;
    }
}

package id.nu.oauth.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A small NU portal on Spring Boot 4 that serves the NU.ID OAuth endpoints with
 * {@code nuid-oauth-spring-boot-starter}: Spring Security's form login, the endpoints under
 * {@code /api}, and a {@code /me} API protected by the bearer filter. Start it with
 * {@code mvn -pl examples-spring-boot -am -Prun-example compile} (see the module README) and open
 * {@code http://127.0.0.1:8080/}.
 *
 * <pre>{@code
 * SpringApplication.run(PortalApplication.class, args);
 * }</pre>
 */
@SpringBootApplication
@RestController
public class PortalApplication {

    /** Starts the portal. */
    public static void main(String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }

    /** The home page: who is signed in. */
    @GetMapping(path = "/", produces = "text/html;charset=UTF-8")
    public String home(@AuthenticationPrincipal UserDetails user) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>NU portal</title></head><body>"
                + "<h1>NU portal (nuid-oauth example)</h1><p>Signed in as <b>" + HtmlUtils.htmlEscape(user.getUsername())
                + "</b>.</p><p>OAuth endpoints under <code>/api/oauth/</code>; metadata at "
                + "<code>/api/.well-known/openid-configuration</code>; protected API: <code>GET /me</code> with "
                + "<code>Authorization: Bearer</code>.</p></body></html>";
    }
}

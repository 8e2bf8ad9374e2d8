package id.nu.oauth.examples.springboot;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.BearerTokenFilter;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.client.Client;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires nuid-oauth into the portal: the engine, the endpoints servlet at {@code /api/*}, and the
 * bearer filter in front of {@code /me}.
 *
 * <pre>{@code
 * @Bean
 * ServletRegistrationBean<HttpServlet> nuidOAuthServlet(OAuthEndpoints endpoints) {
 *     return new ServletRegistrationBean<>(endpoints.servlet(), endpoints.mapping());
 * }
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class OAuthConfiguration {

    /** The session attribute the portal's login stores the {@link AuthenticatedUser} in. */
    public static final String USER_ATTRIBUTE = "portal.user";

    /** The engine, with the portal's one demo client (a public client using PKCE). */
    @Bean
    AuthorizationServer authorizationServer(@Value("${portal.issuer}") URI issuer,
            @Value("${portal.demo-client.redirect-uri}") String redirectUri) {
        return AuthorizationServer.builder()
                .issuer(issuer)
                .client(Client.publicClient("demo-app")
                        .name("Demo App")
                        .redirectUri(redirectUri)
                        .scopes("profile")
                        .build())
                .build();
    }

    /** The endpoints; the user comes from the portal's own session login. */
    @Bean
    OAuthEndpoints oauthEndpoints(AuthorizationServer server) {
        return OAuthEndpoints.builder(server)
                .basePath("/api")
                .userResolver(request -> {
                    HttpSession session = request.getSession(false);
                    return session == null ? null : (AuthenticatedUser) session.getAttribute(USER_ATTRIBUTE);
                })
                .loginPage("/login")
                .build();
    }

    /** {@code /api/oauth/authorize}, {@code /token}, {@code /refreshAccessToken}, {@code /revoke}, {@code /consent}. */
    @Bean
    ServletRegistrationBean<HttpServlet> nuidOAuthServlet(OAuthEndpoints endpoints) {
        ServletRegistrationBean<HttpServlet> registration =
                new ServletRegistrationBean<>(endpoints.servlet(), endpoints.mapping());
        registration.setName(OAuthEndpoints.SERVLET_NAME);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Only requests with an active token carrying {@code profile} reach {@code /me}. */
    @Bean
    FilterRegistrationBean<BearerTokenFilter> profileApiFilter(AuthorizationServer server) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(server, "profile"));
        registration.addUrlPatterns("/me", "/me/*");
        registration.setName("profile-api");
        return registration;
    }
}

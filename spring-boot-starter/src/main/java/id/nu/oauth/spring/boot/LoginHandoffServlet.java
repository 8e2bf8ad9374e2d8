package id.nu.oauth.spring.boot;

import id.nu.oauth.core.Endpoints;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.ReturnUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;

/**
 * The page the authorize endpoint sends a browser to when it needs a login:
 * {@code GET <handoff>?return=<authorize request>[&reauth=1]}. It lives behind the application's own
 * security filter chain, so its login is the application's:
 *
 * <ul>
 * <li>not signed in: throws an {@code AuthenticationException}, which the application's chain turns
 *     into its login (form login saves this request and comes back to it after the sign-in);</li>
 * <li>{@code reauth=1} (the client asked for a fresh login): signs the user out, then asks again
 *     without {@code reauth}, so the user logs in anew;</li>
 * <li>signed in: 302 to {@code return} if it is this server's authorize endpoint on this origin
 *     (never another site, RFC 9700 §4.11), else to the application's root.</li>
 * </ul>
 */
final class LoginHandoffServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final String basePath;

    LoginHandoffServlet(String basePath) {
        this.basePath = basePath;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!SecurityContextUserResolver.signedIn(new AuthenticationTrustResolverImpl(), authentication)) {
            throw new InsufficientAuthenticationException("sign in to continue to the application that asked");
        }
        String target = request.getParameter("return");
        if ("1".equals(request.getParameter(OAuthEndpoints.REAUTH_PARAMETER))) {
            new SecurityContextLogoutHandler().logout(request, response, authentication);
            String again = request.getRequestURI() + (isAuthorizeRequest(request, target)
                    ? "?return=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8) : "");
            redirect(response, again);
            return;
        }
        redirect(response, isAuthorizeRequest(request, target) ? target : request.getContextPath() + "/");
    }

    /** Only back to this server's authorize endpoint, on this origin. */
    private boolean isAuthorizeRequest(HttpServletRequest request, String target) {
        String authorize = request.getContextPath() + basePath + Endpoints.AUTHORIZE;
        return ReturnUrls.isSafe(target) && (target.equals(authorize) || target.startsWith(authorize + "?"));
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(302);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}

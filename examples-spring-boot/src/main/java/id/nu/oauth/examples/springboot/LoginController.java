package id.nu.oauth.examples.springboot;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.servlet.ReturnUrls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The portal's own login, which nuid-oauth sends the browser to with {@code ?return=<authorize
 * request>}. After a good password it stores the user in the session and goes back to
 * {@code return}, checked with {@link ReturnUrls#isSafe} so it can never leave the portal.
 *
 * <pre>{@code
 * GET  /login?return=/api/oauth/authorize?...    the form
 * POST /login  username, password, return, csrf  303 back to return
 * }</pre>
 */
@Controller
public class LoginController {

    static final String CSRF_ATTRIBUTE = "portal.login.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Users users;
    private final Clock clock = Clock.systemUTC();

    /** A login over these users. */
    public LoginController(Users users) {
        this.users = users;
    }

    /** The home page: who is logged in. */
    @GetMapping("/")
    public ResponseEntity<String> home(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(OAuthConfiguration.USER_ATTRIBUTE);
        String who = user instanceof AuthenticatedUser u
                ? "Logged in as <b>" + HtmlUtils.htmlEscape(u.subject()) + "</b>."
                : "Not logged in. <a href=\"/login\">Log in</a>.";
        return page(HttpStatus.OK, "NU portal (nuid-oauth example)", "<p>" + who + "</p>"
                + "<p>OAuth endpoints: <code>GET /api/oauth/authorize</code>, <code>POST /api/oauth/token</code>, "
                + "<code>POST /api/oauth/refreshAccessToken</code>, <code>POST /api/oauth/revoke</code>. "
                + "Protected API: <code>GET /me</code> with <code>Authorization: Bearer</code>.</p>");
    }

    /** The login form. */
    @GetMapping("/login")
    public ResponseEntity<String> form(@RequestParam(name = "return", required = false) String target,
            HttpServletRequest request) {
        return loginPage(HttpStatus.OK, target, csrfToken(request.getSession(true)), null);
    }

    /** Checks the password, logs the user in and returns to {@code return}. */
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> login(@RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "password", required = false) String password,
            @RequestParam(name = "return", required = false) String target,
            @RequestParam(name = "csrf", required = false) String csrf, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !csrfMatches(session, csrf)) {
            return page(HttpStatus.FORBIDDEN, "Login expired", "<p>Please <a href=\"/login\">try again</a>.</p>");
        }
        Optional<String> subject = users.authenticate(username, password);
        if (subject.isEmpty()) {
            return loginPage(HttpStatus.UNAUTHORIZED, target, csrfToken(session), "Wrong user name or password.");
        }
        request.changeSessionId(); // session fixation
        session.setAttribute(OAuthConfiguration.USER_ATTRIBUTE, new AuthenticatedUser(subject.get(), clock.instant()));
        String location = ReturnUrls.isSafe(target) ? target : "/";
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** Logs out. */
    @PostMapping("/logout")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
    }

    private ResponseEntity<String> loginPage(HttpStatus status, String target, String csrf, String problem) {
        String back = ReturnUrls.isSafe(target) ? target : "/";
        return page(status, "Masuk / Log in",
                (problem == null ? "" : "<p role=\"alert\">" + HtmlUtils.htmlEscape(problem) + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"return\" value=\"" + HtmlUtils.htmlEscape(back) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + csrf + "\">"
                + "<p><label>User <input name=\"username\" autocomplete=\"username\" required></label></p>"
                + "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
                + "required></label></p><p><button type=\"submit\">Log in</button></p></form>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1>" + body + "</body></html>";
        return ResponseEntity.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; form-action 'self'")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(html);
    }

    private static String csrfToken(HttpSession session) {
        synchronized (session) {
            Object existing = session.getAttribute(CSRF_ATTRIBUTE);
            if (existing instanceof String token) {
                return token;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(CSRF_ATTRIBUTE, token);
            return token;
        }
    }

    private static boolean csrfMatches(HttpSession session, String submitted) {
        Object expected = session.getAttribute(CSRF_ATTRIBUTE);
        return submitted != null && expected instanceof String token
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }
}

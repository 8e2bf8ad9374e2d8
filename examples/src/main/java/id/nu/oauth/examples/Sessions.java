package id.nu.oauth.examples;

import id.nu.oauth.core.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * What the demo portal keeps in the servlet session: who is signed in, and the anti-CSRF token that
 * every form of the portal carries (the synchronizer-token pattern).
 *
 * <pre>{@code
 * String token = Sessions.csrfToken(request);          // put it in a hidden "csrf" field
 * if (!Sessions.csrfValid(request)) { ...403... }      // check it on POST
 * Sessions.signIn(request, user);                      // new session id, then remember the user
 * }</pre>
 */
final class Sessions {

    /** The form field that carries the anti-CSRF token. */
    static final String CSRF_FIELD = "csrf";

    private static final String USER = "nuid-demo.user";
    private static final String CSRF = "nuid-demo.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The signed-in user, as the session keeps it, with a random id of this login: the {@code sid}
     * the portal's clients see (OpenID Connect Back-Channel Logout 1.0 §2.1).
     */
    record SignedIn(String subject, Instant authTime, String loginId) implements Serializable {
    }

    private Sessions() {
    }

    /** The signed-in user, or {@code null}; never creates a session. */
    static SignedIn signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (SignedIn) session.getAttribute(USER);
    }

    /** The engine's view of the signed-in user, for the adapter's {@code UserResolver}. */
    static AuthenticatedUser currentUser(HttpServletRequest request) {
        SignedIn user = signedIn(request);
        // the login id is the login session's sid (OpenID Connect Back-Channel Logout 1.0 §2.1); no acr
        return user == null ? null : new AuthenticatedUser(user.subject(), user.authTime(), null, user.loginId());
    }

    /**
     * Signs the user in: a new session id first (no session fixation), then the user and a new
     * anti-CSRF token.
     */
    static void signIn(HttpServletRequest request, DemoUser user) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(USER, new SignedIn(user.subject(), Instant.now(), newToken()));
        session.setAttribute(CSRF, newToken());
    }

    /** Ends the session, and with it the sign-in and the demo client's state. */
    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /**
     * Ends the portal's sign-in but keeps the servlet session, which also holds the demo client's
     * state (a separate application in all but location, whose cookie a real one would not share):
     * the user is forgotten, the session id and the anti-CSRF token change.
     */
    static void signOutOfPortal(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(USER);
            request.changeSessionId();
            session.setAttribute(CSRF, newToken());
        }
    }

    /** This session's anti-CSRF token, creating the session and token if needed. */
    static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            String token = (String) session.getAttribute(CSRF);
            if (token == null) {
                token = newToken();
                session.setAttribute(CSRF, token);
            }
            return token;
        }
    }

    /** Whether the POSTed {@value #CSRF_FIELD} field is this session's token (constant-time compare). */
    static boolean csrfValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(CSRF_FIELD);
        if (session == null || sent == null) {
            return false;
        }
        String expected = (String) session.getAttribute(CSRF);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    /** The form field with this session's anti-CSRF token. */
    static String csrfField(HttpServletRequest request) {
        return Html.hidden(CSRF_FIELD, csrfToken(request));
    }

    /** 256 random bits, base64url. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

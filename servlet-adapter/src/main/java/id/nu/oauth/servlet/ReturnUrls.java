package id.nu.oauth.servlet;

/**
 * Checks the {@code return} parameter a login page receives, so that logging in can never send
 * the browser to another site (an open redirect, RFC 9700 §4.11).
 *
 * <pre>{@code
 * String target = request.getParameter("return");
 * response.sendRedirect(ReturnUrls.isSafe(target) ? target : request.getContextPath() + "/");
 * }</pre>
 */
public final class ReturnUrls {

    /** The longest return URL accepted. */
    public static final int MAX_LENGTH = 4096;

    private ReturnUrls() {
    }

    /**
     * Whether {@code returnUrl} is a path on this same origin: it starts with exactly one
     * {@code /}, has no scheme or authority, no backslash (browsers read {@code /\host} as
     * {@code //host}), and only visible ASCII characters (no control characters, spaces or
     * percent-decoded Unicode).
     *
     * @param returnUrl the decoded value of the {@code return} parameter; {@code null} is not safe
     * @return {@code true} only for a same-origin path such as {@code /api/oauth/authorize?client_id=x}
     */
    public static boolean isSafe(String returnUrl) {
        if (returnUrl == null || returnUrl.isEmpty() || returnUrl.length() > MAX_LENGTH) {
            return false;
        }
        if (returnUrl.charAt(0) != '/') {
            return false; // absolute URLs, scheme-relative tricks like "javascript:", relative paths
        }
        if (returnUrl.length() > 1 && (returnUrl.charAt(1) == '/' || returnUrl.charAt(1) == '\\')) {
            return false; // "//evil.example" and "/\evil.example" name another host
        }
        for (int i = 0; i < returnUrl.length(); i++) {
            char c = returnUrl.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '\\') {
                return false; // controls (browsers strip tab and newline), spaces, non-ASCII, backslash
            }
        }
        return true;
    }
}

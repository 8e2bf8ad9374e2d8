package id.nu.oauth.core;

import java.util.List;

/**
 * The {@code response_mode} of an authorization request (OAuth 2.0 Multiple Response Type
 * Encoding Practices §2.1): {@code query}, the default for {@code response_type=code}, and
 * {@code form_post} (OAuth 2.0 Form Post Response Mode §2). Any other mode ({@code fragment},
 * {@code jwt}, anything) is an error, never ignored: the client would look for the answer where it
 * is not.
 */
final class ResponseModes {

    /** What metadata lists as {@code response_modes_supported}. */
    static final List<String> SUPPORTED = List.of("query", "form_post");

    /**
     * How to answer.
     *
     * @param formPost post the answer with an auto-submitting form instead of a redirect
     * @param problem the error to answer (in the query) when the mode is not supported, or {@code null}
     */
    record Mode(boolean formPost, OAuthError problem) {
    }

    private static final Mode QUERY = new Mode(false, null);
    private static final Mode FORM_POST = new Mode(true, null);

    private ResponseModes() {
    }

    /** The mode asked for; {@code null} when {@code response_mode} was sent more than once. */
    static Mode read(Params params) {
        if (params.duplicated("response_mode")) {
            return null;
        }
        String mode = params.get("response_mode");
        if (mode == null || mode.equals("query")) {
            return QUERY;
        }
        if (mode.equals("form_post")) {
            return FORM_POST;
        }
        String named = mode.length() <= 40 && mode.matches("[A-Za-z0-9._:-]+") ? "response_mode=" + mode
                : "this response_mode";
        return new Mode(false, OAuthError.invalidRequest(named + " is not supported; supported: "
                + String.join(", ", SUPPORTED)));
    }
}

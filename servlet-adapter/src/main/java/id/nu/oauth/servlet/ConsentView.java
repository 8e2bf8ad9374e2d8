package id.nu.oauth.servlet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ConsentPage} shows and where its form posts.
 *
 * <pre>{@code
 * String title = view.clientName() + " asks for " + String.join(", ", view.scopes());
 * }</pre>
 *
 * @param clientId the client's id
 * @param clientName the client's display name (plain text: escape it)
 * @param scopes the requested scopes, {@code openid} first, then alphabetical
 * @param formAction the URL path the form must POST to
 * @param hiddenFields fields the form must send back unchanged: the original authorize parameters
 *     and the CSRF token
 * @param cspNonce a nonce the response's {@code Content-Security-Policy} allows for inline
 *     {@code <style>} elements ({@code <style nonce="...">})
 * @param locale the language to write the page in: the first supported of the request's
 *     {@code ui_locales}, the portal's choice, {@code Accept-Language}, the portal's default
 *     (a language is supported when a message bundle exists for it)
 * @param userName the signed-in user's display name (plain text: escape it), or {@code null}
 */
public record ConsentView(String clientId, String clientName, List<String> scopes, String formAction,
        Map<String, List<String>> hiddenFields, String cspNonce, Locale locale, String userName) {

    /** The name of the field that carries the user's answer. */
    public static final String DECISION_FIELD = "nuid_decision";
    /** The {@link #DECISION_FIELD} value for "approve". */
    public static final String APPROVE = "approve";
    /** The {@link #DECISION_FIELD} value for "deny". */
    public static final String DENY = "deny";
    /** The name of the hidden field that carries the CSRF token. */
    public static final String CSRF_FIELD = "nuid_csrf";

    public ConsentView {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(formAction, "formAction");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        hiddenFields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        hiddenFields = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(cspNonce, "cspNonce");
        Objects.requireNonNull(locale, "locale");
    }

    /** A view in Bahasa Indonesia without a user name (the form before languages were chosen). */
    public ConsentView(String clientId, String clientName, List<String> scopes, String formAction,
            Map<String, List<String>> hiddenFields, String cspNonce) {
        this(clientId, clientName, scopes, formAction, hiddenFields, cspNonce, Locale.forLanguageTag("id"), null);
    }
}

package id.nu.oauth.servlet;

import java.util.LinkedHashMap;
import java.util.List;
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
 */
public record ConsentView(String clientId, String clientName, List<String> scopes, String formAction,
        Map<String, List<String>> hiddenFields, String cspNonce) {

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
    }
}

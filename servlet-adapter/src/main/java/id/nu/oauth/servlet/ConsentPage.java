package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Renders the consent page: the question "may this client have these scopes?" with an Approve
 * and a Deny button. Replace {@link DefaultConsentPage} to match the portal's look.
 *
 * <p>Before {@code render} is called the adapter has set status 200 and the security headers
 * ({@code Content-Security-Policy} with {@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY},
 * {@code Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: no-referrer}). A page that needs a looser policy (say, its own style
 * sheet) may replace {@code Content-Security-Policy} but must keep {@code frame-ancestors 'none'}.
 *
 * <p>The page must submit a {@code POST} form to {@link ConsentView#formAction()} carrying every
 * field of {@link ConsentView#hiddenFields()} unchanged, plus {@link ConsentView#DECISION_FIELD}
 * set to {@link ConsentView#APPROVE} or {@link ConsentView#DENY}.
 *
 * <pre>{@code
 * ConsentPage mine = (view, request, response) -> {
 *     response.setContentType("text/html;charset=UTF-8");
 *     PrintWriter out = response.getWriter();
 *     out.print("<form method=post action=\"" + esc(view.formAction()) + "\">");
 *     view.hiddenFields().forEach((name, values) -> values.forEach(value ->
 *             out.print("<input type=hidden name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">")));
 *     out.print("<button name=\"" + ConsentView.DECISION_FIELD + "\" value=\"" + ConsentView.APPROVE + "\">OK</button>");
 *     out.print("<button name=\"" + ConsentView.DECISION_FIELD + "\" value=\"" + ConsentView.DENY + "\">No</button></form>");
 * };
 * }</pre>
 * (where {@code esc} is the host's own HTML escaper.)
 */
@FunctionalInterface
public interface ConsentPage {

    /**
     * Writes the consent page to the response.
     *
     * @param view what to ask and where to post the answer
     * @param request the authorize request being answered
     * @param response the response to write the page to
     * @throws IOException if writing fails
     */
    void render(ConsentView view, HttpServletRequest request, HttpServletResponse response) throws IOException;
}

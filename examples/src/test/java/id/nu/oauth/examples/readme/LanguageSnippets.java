package id.nu.oauth.examples.readme;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.UserResolver;

/** The servlet adapter README's language and branding snippets, compiled as they are shown. */
final class LanguageSnippets {

    private LanguageSnippets() {
    }

    static OAuthEndpoints languages(AuthorizationServer server, UserResolver resolver) {
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .userResolver(resolver)
                .messages("org.example.portal.messages")   // org/example/portal/messages_jv.properties, messages_su.properties
                .build();
        return endpoints;
    }

    static OAuthEndpoints branding(AuthorizationServer server, UserResolver resolver) {
        OAuthEndpoints endpoints = OAuthEndpoints.builder(server)
                .userResolver(resolver)
                .portalName("Portal PWNU Jawa Timur")          // "… asks for access to your <portal> account"; default NU.ID
                .logoUrl("/img/logo.svg")                        // a path in the web application, or an https:// URL
                .brandColor("#0b6b3a")                           // buttons, links, frame; #rrggbb only
                .switchAccountUrl("/logout")                     // "Signed in as …. Not you?" links here
                .userDisplayName((request, user) -> (String) request.getSession().getAttribute("name"))  // default: the subject
                .build();
        return endpoints;
    }
}

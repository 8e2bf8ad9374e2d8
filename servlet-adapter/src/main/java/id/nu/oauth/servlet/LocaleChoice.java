package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which language a page is written in: the first supported tag of the authorize request's
 * {@code ui_locales} (OpenID Connect Core 1.0 §3.1.2.1: space-separated BCP 47 tags in order of
 * preference), else the portal's choice for this user, else the first supported language of
 * {@code Accept-Language} (in the container's q-value order), else the portal's default language.
 */
final class LocaleChoice {

    private static final Set<String> RIGHT_TO_LEFT = Set.of("ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd");

    /** At most this many tags of {@code ui_locales} or {@code Accept-Language} are looked at. */
    static final int MAX_TAGS = 10;

    private LocaleChoice() {
    }

    /**
     * @param messages which languages have texts
     * @param uiLocales the {@code ui_locales} parameter, or {@code null}
     * @param portal the portal's choice for this user, or {@code null}
     * @param accepted the browser's languages, most wanted first (empty without {@code Accept-Language})
     * @param fallback the default language (supported)
     */
    static Locale choose(Messages messages, String uiLocales, Locale portal, List<Locale> accepted, Locale fallback) {
        if (uiLocales != null) {
            String[] tags = uiLocales.trim().split(" +");
            for (String tag : java.util.Arrays.copyOf(tags, Math.min(tags.length, MAX_TAGS))) {
                Locale chosen = tag.isEmpty() ? null : messages.supported(Locale.forLanguageTag(tag));
                if (chosen != null) {
                    return chosen;
                }
            }
        }
        Locale chosen = messages.supported(portal);
        if (chosen != null) {
            return chosen;
        }
        for (Locale wish : accepted.subList(0, Math.min(accepted.size(), MAX_TAGS))) {
            chosen = messages.supported(wish);
            if (chosen != null) {
                return chosen;
            }
        }
        return fallback;
    }

    /**
     * The browser's languages in {@code Accept-Language} order, or none without the header (the
     * container then reports its own default locale, which is not the user's wish).
     */
    static List<Locale> accepted(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return List.of();
        }
        return new ArrayList<>(Collections.list(request.getLocales()));
    }

    /** {@code rtl} for a language written right to left (Arabic, Persian, Hebrew, Urdu, ...), else {@code ltr}. */
    static String direction(Locale locale) {
        return RIGHT_TO_LEFT.contains(locale.getLanguage()) ? "rtl" : "ltr";
    }
}

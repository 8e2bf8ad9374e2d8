package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The pages' language: OpenID Connect Core 1.0 §3.1.2.1 {@code ui_locales}, the portal, Accept-Language, default. */
class LocaleChoiceTest {

    private static final Locale ID = Locale.forLanguageTag("id");
    private static final Messages BUILT_IN = Messages.DEFAULT;
    private static final Messages WITH_JAVANESE = new Messages(List.of(
            Map.entry("org.example.portal.messages", LocaleChoiceTest.class.getClassLoader())));

    private static Locale choose(String uiLocales, Locale portal, List<Locale> accepted) {
        return LocaleChoice.choose(WITH_JAVANESE, uiLocales, portal, accepted, ID);
    }

    @Test
    void uiLocalesFirstSupportedTagWins_oidcCore_3_1_2_1() {
        assertThat(choose("fr-CA ar en", null, List.of(Locale.ENGLISH))).isEqualTo(Locale.forLanguageTag("ar"));
        assertThat(choose("en-GB ar", null, List.of())).isEqualTo(Locale.ENGLISH);
        assertThat(choose("  jv   id ", null, List.of())).isEqualTo(Locale.forLanguageTag("jv"));
    }

    @Test
    void unsupportedOrMalformedUiLocalesFallThrough() {
        assertThat(choose("fr de-DE", null, List.of(Locale.ENGLISH))).isEqualTo(Locale.ENGLISH);
        assertThat(choose("!!! 12345 x-private", null, List.of())).isEqualTo(ID);
        assertThat(choose("", null, List.of(Locale.forLanguageTag("ar")))).isEqualTo(Locale.forLanguageTag("ar"));
    }

    @Test
    void thePortalsChoiceComesBeforeAcceptLanguage() {
        assertThat(choose(null, Locale.US, List.of(ID))).isEqualTo(Locale.ENGLISH);
        assertThat(choose("fr", Locale.FRENCH, List.of(ID, Locale.ENGLISH))).isEqualTo(ID); // unsupported portal choice
    }

    @Test
    void acceptLanguageInTheContainersQValueOrder() {
        // request.getLocales() lists the header's languages by q-value, highest first
        assertThat(choose(null, null, List.of(Locale.FRANCE, Locale.forLanguageTag("en-GB"), ID)))
                .isEqualTo(Locale.ENGLISH);
        assertThat(choose(null, null, List.of(Locale.forLanguageTag("in-ID"), Locale.ENGLISH))).isEqualTo(ID);
    }

    @Test
    void nothingSupportedGivesTheDefault() {
        assertThat(choose(null, null, List.of())).isEqualTo(ID);
        assertThat(LocaleChoice.choose(BUILT_IN, "jv", null, List.of(Locale.GERMAN), Locale.ENGLISH))
                .isEqualTo(Locale.ENGLISH); // Javanese only where the host added it
    }

    @Test
    void onlyTheFirstTenTagsAreLookedAt() { // the tags come from the request: bounded work per request
        String many = "fr ".repeat(LocaleChoice.MAX_TAGS) + "ar";
        assertThat(choose(many, null, List.of(Locale.ENGLISH))).isEqualTo(Locale.ENGLISH);
        Messages messages = new Messages(List.of());
        for (int i = 0; i < 1000; i++) {
            String language = "q" + (char) ('a' + i % 26) + (char) ('a' + i / 26 % 26);
            assertThat(messages.supported(new Locale.Builder().setLanguage(language).build())).isNull();
        }
        assertThat(messages.supported(Locale.forLanguageTag("ar-EG"))).isEqualTo(Locale.forLanguageTag("ar"));
    }

    @Test
    void rightToLeftLanguages() {
        assertThat(LocaleChoice.direction(Locale.forLanguageTag("ar"))).isEqualTo("rtl");
        assertThat(LocaleChoice.direction(Locale.forLanguageTag("fa-IR"))).isEqualTo("rtl");
        assertThat(LocaleChoice.direction(Locale.forLanguageTag("he"))).isEqualTo("rtl");
        assertThat(LocaleChoice.direction(Locale.forLanguageTag("ur"))).isEqualTo("rtl");
        assertThat(LocaleChoice.direction(ID)).isEqualTo("ltr");
        assertThat(LocaleChoice.direction(Locale.ENGLISH)).isEqualTo("ltr");
    }

    @Test
    void textsNeverFallBackToTheJvmsDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertThat(BUILT_IN.supported(Locale.FRENCH)).isNull();
            assertThat(BUILT_IN.text(ID, "consent.allow")).isEqualTo("Izinkan");
            assertThat(BUILT_IN.text(Locale.forLanguageTag("ar"), "consent.allow")).isEqualTo("سماح");
            assertThat(WITH_JAVANESE.text(Locale.forLanguageTag("jv"), "consent.allow")).isEqualTo("Marengaken");
            assertThat(WITH_JAVANESE.text(Locale.forLanguageTag("jv"), "consent.clientId")).isEqualTo("ID aplikasi:");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void placeholdersAreFilledInOnePass() {
        assertThat(Messages.fill("{0} asks {1}", "a{1}", "b")).isEqualTo("a{1} asks b");
        assertThat(Messages.fill("{x} {9} {0}", "z")).isEqualTo("{x} {9} z");
    }

    @Test
    void everyShippedLanguageHasEveryKey() throws IOException {
        Properties root = load("messages.properties");
        for (String language : List.of("en", "ar")) {
            Properties other = load("messages_" + language + ".properties");
            assertThat(other.stringPropertyNames()).as(language).isEqualTo(root.stringPropertyNames());
        }
        for (id.nu.oauth.core.ErrorCode code : id.nu.oauth.core.ErrorCode.values()) {
            assertThat(root.getProperty("error." + code.name())).as(code.name()).isNotBlank();
        }
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}

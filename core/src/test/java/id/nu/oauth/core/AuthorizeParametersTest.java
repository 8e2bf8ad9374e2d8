package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.asErrorPage;
import static id.nu.oauth.core.AuthorizeFixtures.asRedirect;
import static id.nu.oauth.core.AuthorizeFixtures.authorize;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static id.nu.oauth.core.AuthorizeFixtures.plus;
import static id.nu.oauth.core.AuthorizeFixtures.rawParameter;
import static id.nu.oauth.core.AuthorizeFixtures.success;
import static id.nu.oauth.core.AuthorizeFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6749 §3.1: parameters sent without a value are omitted, parameters must not be sent twice,
 * unknown parameters are ignored; plus the size caps that keep the endpoint cheap to refuse.
 */
class AuthorizeParametersTest {

    private final AuthorizationServer server = AuthorizeFixtures.server();

    /** A valid first-party request: it redirects with a code for a logged-in user. */
    private static Map<String, List<String>> first() {
        return params("response_type", "code", "client_id", FIRST, "redirect_uri", FIRST_CB,
                "scope", "profile", "state", "st");
    }

    @Test
    void validRequestRedirectsWithCode() { // baseline for the cases below
        assertThat(success(authorize(server, first(), ALICE)).getState().getValue()).isEqualTo("st");
    }

    @ParameterizedTest(name = "{0} twice")
    @ValueSource(strings = {"response_type", "scope", "code_challenge", "code_challenge_method", "nonce", "prompt"})
    void duplicatedParameterIsInvalidRequestWithState(String name) { // RFC 6749 §3.1
        Map<String, List<String>> request = plus(plus(first(), name, "x"), name, "y");
        if (name.equals("response_type") || name.equals("scope")) {
            request = plus(first(), name, first().get(name).get(0)); // the same value twice
        }
        AuthorizationErrorResponse err = error(authorize(server, request, ALICE), "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("st");
    }

    @Test
    void duplicatedStateShowsTheErrorPage_neverARedirectWithoutState() { // RFC 6749 §3.1, §4.1.2.1: which would we echo?
        AuthorizeResult result = authorize(server, plus(first(), "state", "other"), ALICE);
        assertThat(asErrorPage(result).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void duplicatedStateWithIdenticalValuesIsStillRefused() { // RFC 6749 §3.1
        assertThat(asErrorPage(authorize(server, plus(first(), "state", "st"), ALICE)).error().code())
                .isEqualTo("invalid_request");
    }

    @Test
    void parameterSentTwiceOnceEmptyIsStillADuplicate() { // RFC 6749 §3.1: no two readings of one request
        error(authorize(server, plus(with(first(), "scope", ""), "scope", "profile"), ALICE), "invalid_request");
    }

    @Test
    void duplicatedParameterIsRefusedBeforeLogin() {
        error(authorize(server, plus(first(), "scope", "profile"), null), "invalid_request");
    }

    @Test
    void emptyStateIsOmittedAndNotEchoed() { // RFC 6749 §3.1, §4.1.2
        URI location = asRedirect(authorize(server, with(first(), "state", ""), ALICE)).location();
        assertThat(rawParameter(location, "state")).isNull();
        assertThat(rawParameter(location, "code")).isNotEmpty();
    }

    @Test
    void absentStateIsAllowedAndNotEchoed() { // RFC 6749 §4.1.1: state is RECOMMENDED, not required
        Map<String, List<String>> request = new LinkedHashMap<>(first());
        request.remove("state");
        AuthorizationSuccessResponse ok = success(authorize(server, request, ALICE));
        assertThat(ok.getState()).isNull();
    }

    @Test
    void emptyOptionalParametersAreIgnored() { // RFC 6749 §3.1
        Map<String, List<String>> request = with(with(with(first(), "nonce", ""), "code_challenge", ""),
                "code_challenge_method", "");
        assertThat(success(authorize(server, request, ALICE)).getState().getValue()).isEqualTo("st");
    }

    @Test
    void parameterWithNoValuesAtAllIsAbsent() {
        Map<String, List<String>> request = new LinkedHashMap<>(first());
        request.put("scope", List.of());
        assertThat(success(authorize(server, request, ALICE)).getState().getValue()).isEqualTo("st");
    }

    @Test
    void unknownParametersAreIgnored() { // RFC 6749 §3.1: MUST ignore unrecognized request parameters
        Map<String, List<String>> request = with(with(first(), "utm_source", "mail"), "display", "page");
        assertThat(success(authorize(server, request, ALICE)).getState().getValue()).isEqualTo("st");
    }

    @Test
    void parameterAtTheCapIsAccepted() { // default maxParameterLength 2048
        String state = "s".repeat(2048);
        assertThat(success(authorize(server, with(first(), "state", state), ALICE)).getState().getValue())
                .isEqualTo(state);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scope", "nonce", "code_challenge", "utm_source"})
    void oversizedParameterIsInvalidRequestWithState(String name) {
        AuthorizationErrorResponse err = error(authorize(server, with(first(), name, "x".repeat(2049)), ALICE),
                "invalid_request");
        assertThat(err.getState().getValue()).isEqualTo("st");
    }

    @Test
    void oversizedStateShowsTheErrorPage_neverARedirectWithoutState() { // RFC 6749 §4.1.2.1: state REQUIRED if sent
        assertThat(asErrorPage(authorize(server, with(first(), "state", "s".repeat(2049)), ALICE)).error().code())
                .isEqualTo("invalid_request");
    }

    @Test
    void oversizedParameterNameIsInvalidRequest() {
        error(authorize(server, with(first(), "n".repeat(2049), "v"), ALICE), "invalid_request");
    }

    @Test
    void configuredParameterCapIsHonoured() {
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(AuthorizeFixtures.ISSUER)
                .maxParameterLength(256);
        AuthorizeFixtures.clients().forEach(builder::client);
        AuthorizationServer small = builder.build();
        success(authorize(small, with(first(), "nonce", "n".repeat(256)), ALICE));
        error(authorize(small, with(first(), "nonce", "n".repeat(257)), ALICE), "invalid_request");
    }

    @Test
    void oversizedParameterIsRefusedBeforeLogin() {
        error(authorize(server, with(first(), "nonce", "x".repeat(5000)), null), "invalid_request");
    }

    @Test
    void tooManyParametersShowsErrorPage() {
        Map<String, List<String>> request = new LinkedHashMap<>(first());
        for (int i = request.size(); i <= Params.MAX_PARAMETERS; i++) {
            request.put("extra" + i, List.of("v"));
        }
        assertThat(request).hasSize(Params.MAX_PARAMETERS + 1);
        assertThat(asErrorPage(authorize(server, request, ALICE)).error().code()).isEqualTo("invalid_request");
    }

    @Test
    void theMaximumNumberOfParametersIsStillServed() {
        Map<String, List<String>> request = new LinkedHashMap<>(first());
        for (int i = request.size(); i < Params.MAX_PARAMETERS; i++) {
            request.put("extra" + i, List.of("v"));
        }
        success(authorize(server, request, ALICE));
    }

    @Test
    void oneNameRepeatedTooOftenShowsErrorPage() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("v");
        }
        Map<String, List<String>> request = new LinkedHashMap<>(first());
        request.put("junk", many);
        assertThat(asErrorPage(authorize(server, request, ALICE)).error().code()).isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @ValueSource(strings = {"a\u0000b", "a\nb", "tab\there", "\u007f", "c1\u0085"})
    void stateWithControlCharactersShowsTheErrorPage(String state) { // RFC 6749 §4.1.2.1: never redirect without it
        assertThat(asErrorPage(authorize(server, with(first(), "state", state), ALICE)).error().code())
                .isEqualTo("invalid_request");
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @ValueSource(strings = {"caf\u00e9", "\u4e2d\u6587", "emoji \ud83d\ude00 & = + % #", "{\"json\":[1,2]}"})
    void anyTextStateIsEchoedByteForByteOnSuccessAndOnError(String state) { // RFC 6749 §4.1.2, §4.1.2.1: opaque
        AuthorizeResult ok = authorize(server, with(first(), "state", state), ALICE);
        assertThat(success(ok).getState().getValue()).isEqualTo(state);
        String raw = ((AuthorizeResult.Redirect) ok).location().getRawQuery();
        assertThat(raw).contains("state=" + FormCodec.encodeComponent(state));

        AuthorizeResult bad = authorize(server, with(with(first(), "state", state), "scope", "unknown-scope"), ALICE);
        assertThat(error(bad, "invalid_scope").getState().getValue()).isEqualTo(state);
    }

    @Test
    void nonceOutsideVscharIsInvalidRequest() {
        error(authorize(server, with(first(), "nonce", "n\u00f6nce"), ALICE), "invalid_request");
    }
}

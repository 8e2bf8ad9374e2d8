package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validation step of the authorize decision on its own, without a user or a store. */
class AuthorizeValidationTest {

    private static final String S256_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final Client mobile = Client.publicClient("mobile").redirectUri("id.nu.app:/cb")
            .scopes("profile", "email").defaultScopes("profile").build();
    private final Client legacy = Client.legacyPublicClient("legacy").redirectUri("https://legacy.example/cb")
            .scopes("profile").build();

    private static Params params(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return new Params(map, 2048);
    }

    private static String error(Checked<?> checked) {
        assertThat(checked).isInstanceOf(Checked.Failed.class);
        return ((Checked.Failed<?>) checked).error().code() + ": " + ((Checked.Failed<?>) checked).error().description();
    }

    @Test
    void scopesDefaultToTheClientsAndMustBeAllowed_rfc6749_3_3() {
        assertThat(((Checked.Ok<java.util.Set<String>>) AuthorizeValidation.scopes(params(), mobile)).value())
                .containsExactly("profile");
        assertThat(((Checked.Ok<java.util.Set<String>>) AuthorizeValidation.scopes(params("scope", "email profile"),
                mobile)).value()).containsExactlyInAnyOrder("email", "profile");
        assertThat(error(AuthorizeValidation.scopes(params("scope", "admin"), mobile))).startsWith("invalid_scope");
        assertThat(error(AuthorizeValidation.scopes(params("scope", "a\"b"), mobile))).startsWith("invalid_scope");
    }

    @Test
    void pkceIsS256ForPublicClientsAndOptionalForLegacyOnes_rfc7636_4_3_rfc9700_2_1_1() {
        AuthorizeValidation.Challenge ok = ((Checked.Ok<AuthorizeValidation.Challenge>) AuthorizeValidation.pkce(
                params("code_challenge", S256_CHALLENGE, "code_challenge_method", "S256"), mobile)).value();
        assertThat(ok).isEqualTo(new AuthorizeValidation.Challenge(S256_CHALLENGE, "S256"));
        assertThat(error(AuthorizeValidation.pkce(params(), mobile))).contains("code_challenge is required");
        assertThat(error(AuthorizeValidation.pkce(params("code_challenge", S256_CHALLENGE), mobile)))
                .contains("must be S256"); // absent method means plain (§4.3), refused
        assertThat(error(AuthorizeValidation.pkce(params("code_challenge_method", "S256"), mobile)))
                .contains("without code_challenge");
        assertThat(error(AuthorizeValidation.pkce(params("code_challenge", "short", "code_challenge_method", "S256"),
                mobile))).contains("malformed");
        assertThat(((Checked.Ok<AuthorizeValidation.Challenge>) AuthorizeValidation.pkce(params(), legacy)).value())
                .isEqualTo(AuthorizeValidation.Challenge.NONE);
    }

    @Test
    void theWholeRequestIsCheckedBeforeAnyUserOrStoreIsAsked() {
        assertThat(AuthorizeValidation.validate(params("response_type", "code", "code_challenge", S256_CHALLENGE,
                "code_challenge_method", "S256", "nonce", "n-1", "prompt", "consent"), mobile))
                .isInstanceOfSatisfying(Checked.Ok.class, ok -> {
                    AuthorizeValidation.Valid v = (AuthorizeValidation.Valid) ok.value();
                    assertThat(v.nonce()).isEqualTo("n-1");
                    assertThat(v.prompt().consent()).isTrue();
                });
        assertThat(error(AuthorizeValidation.validate(params(), mobile))).isEqualTo("invalid_request: response_type is missing");
        assertThat(error(AuthorizeValidation.validate(params("response_type", "token"), mobile)))
                .startsWith("unsupported_response_type");
        // RFC 9101 §4: request and request_uri are resolved before validation, never nested
        assertThat(error(AuthorizeValidation.validate(params("response_type", "code", "request", "x"), mobile)))
                .startsWith("invalid_request").contains("nested");
        assertThat(error(AuthorizeValidation.validate(params("response_type", "code", "nonce", "a", "nonce", "b"),
                mobile))).contains("more than once");
        assertThat(error(AuthorizeValidation.validate(params("response_type", "code", "nonce", "n\u00f6"), legacy)))
                .contains("nonce is malformed");
        assertThat(error(AuthorizeValidation.validate(params("response_type", "code", "max_age", "-1"), legacy)))
                .contains("max_age");
    }
}

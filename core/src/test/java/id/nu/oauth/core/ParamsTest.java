package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading parameters the RFC 6749 §3.1 / §3.2 way. */
class ParamsTest {

    private static Params params(Map<String, List<String>> values) {
        return new Params(Params.copyOf(values), 256);
    }

    @Test
    void singleValueIsReturned() {
        Params p = params(Map.of("state", List.of("xyz")));
        assertThat(p.get("state")).isEqualTo("xyz");
        assertThat(p.has("state")).isTrue();
        assertThat(p.get("scope")).isNull();
        assertThat(p.has("scope")).isFalse();
    }

    @Test
    void emptyValueCountsAsOmitted() { // RFC 6749 §3.1
        Params p = params(Map.of("scope", List.of(""), "state", List.of()));
        assertThat(p.get("scope")).isNull();
        assertThat(p.has("scope")).isFalse();
        assertThat(p.get("state")).isNull();
        assertThat(p.duplicated("state")).isFalse();
    }

    @Test
    void parameterSentTwiceIsDuplicatedWhateverTheValues() { // RFC 6749 §3.1
        assertThat(params(Map.of("state", List.of("a", "a"))).duplicated("state")).isTrue();
        assertThat(params(Map.of("state", List.of("a", "b"))).anyDuplicated()).isEqualTo("state");
        assertThat(params(Map.of("state", List.of("", "b"))).duplicated("state")).isTrue();
        assertThat(params(Map.of("state", List.of("b"))).anyDuplicated()).isNull();
    }

    @Test
    void valueLongerThanTheCapIsOversized() {
        Params p = params(Map.of("a", List.of("x".repeat(256)), "b", List.of("x".repeat(257))));
        assertThat(p.oversized("a")).isFalse();
        assertThat(p.oversized("b")).isTrue();
        assertThat(p.anyOversized()).isEqualTo("b");
        assertThat(params(Map.of("a", List.of("x".repeat(256)))).anyOversized()).isNull();
    }

    @Test
    void nameLongerThanTheCapIsOversized() {
        assertThat(params(Map.of("n".repeat(257), List.of("v"))).anyOversized()).isNotNull();
    }

    @Test
    void moreThanTheMaximumNumberOfParametersIsAStructuralProblem() {
        Map<String, List<String>> many = new LinkedHashMap<>();
        for (int i = 0; i < Params.MAX_PARAMETERS; i++) {
            many.put("p" + i, List.of("v"));
        }
        assertThat(params(many).structuralProblem()).isNull();
        many.put("one-more", List.of("v"));
        assertThat(params(many).structuralProblem()).isNotNull();
    }

    @Test
    void valuesCountTowardsTheMaximumNumberOfParameters() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i <= Params.MAX_PARAMETERS; i++) {
            values.add("v" + i);
        }
        assertThat(params(Map.of("x", values)).structuralProblem()).isNotNull();
    }

    @Test
    void copyIsImmutableAndDetachedFromTheCaller() {
        List<String> values = new ArrayList<>(List.of("a"));
        Map<String, List<String>> map = new HashMap<>(Map.of("state", values));
        Map<String, List<String>> copy = Params.copyOf(map);
        values.add("b");
        map.put("other", List.of("c"));
        assertThat(copy).containsOnlyKeys("state");
        assertThat(copy.get("state")).containsExactly("a");
        assertThatThrownBy(() -> copy.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void uriCharactersExcludeSpacesControlsAndNonAscii() { // RFC 3986 §2
        assertThat(Params.isUriCharacters("https://a.example/cb?x=1&y=%20#f")).isTrue();
        assertThat(Params.isUriCharacters("https://a.example/c b")).isFalse();
        assertThat(Params.isUriCharacters("https://a.example/cb\r\n")).isFalse();
        assertThat(Params.isUriCharacters("https://a.example/caf\u00e9")).isFalse();
    }
}

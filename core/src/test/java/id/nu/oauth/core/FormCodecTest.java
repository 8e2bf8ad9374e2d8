package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code application/x-www-form-urlencoded} as the engine reads it (RFC 6749 Appendix B: UTF-8,
 * then percent-encoding; WHATWG URL §5.1 for {@code +}). ASCII forms take a shorter path than forms
 * with other characters (issue 14); both must give the same values and refuse the same input.
 */
class FormCodecTest {

    @Test
    void asciiBodyAndQueryGiveEveryValueInOrder() throws Exception {
        String form = "grant_type=authorization_code&code=Spx_l0-9.AZ&redirect_uri=https%3A%2F%2Fapp.example%2Fcb"
                + "&scope=openid+profile&empty=&flag&scope=x";
        Map<String, List<String>> fromBody = FormCodec.decode(form.getBytes(StandardCharsets.US_ASCII));
        assertThat(fromBody).isEqualTo(FormCodec.decode(form));
        assertThat(fromBody.get("redirect_uri")).containsExactly("https://app.example/cb");
        assertThat(fromBody.get("scope")).containsExactly("openid profile", "x");
        assertThat(fromBody.get("empty")).containsExactly("");
        assertThat(fromBody.get("flag")).containsExactly("");
        assertThat(fromBody.keySet()).containsExactly("grant_type", "code", "redirect_uri", "scope", "empty", "flag");
    }

    @Test
    void percentEncodedUtf8IsDecodedAsUtf8() throws Exception {
        // RFC 6749 Appendix B: the octets are UTF-8
        assertThat(FormCodec.decode("name=J%C3%BCrgen+%E2%82%AC%F0%9F%98%80").get("name"))
                .containsExactly("J\u00fcrgen \u20ac\ud83d\ude00");
    }

    @Test
    void rawUtf8InABodyAndRawCharactersInAQueryAreKept() throws Exception {
        String value = "caf\u00e9 \u20ac\ud83d\ude00";
        assertThat(FormCodec.decode(("v=" + value.replace(' ', '+')).getBytes(StandardCharsets.UTF_8)).get("v"))
                .containsExactly(value);
        // a raw non-ASCII character next to percent-encoded ones (the slower path)
        assertThat(FormCodec.decode("v=%41\u00e9\ud83d\ude00%42+%C3%A9").get("v"))
                .containsExactly("A\u00e9\ud83d\ude00B \u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=%C3", "v=%FF", "v=%C0%AF", "v=%ED%A0%80", "v=a%E2%82"})
    void percentEncodedOctetsThatAreNotUtf8AreRefused(String form) {
        // overlong, lone continuation, surrogate, truncated: RFC 3629 §3
        assertThatThrownBy(() -> FormCodec.decode(form)).isInstanceOf(FormCodec.Malformed.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> FormCodec.decode(form.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(FormCodec.Malformed.class);
    }

    @Test
    void bodyBytesThatAreNotUtf8AreRefused() {
        byte[] latin1 = {'v', '=', (byte) 0xE9, 't', (byte) 0xE9};
        assertThatThrownBy(() -> FormCodec.decode(latin1)).isInstanceOf(FormCodec.Malformed.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aLoneSurrogateInTheTextIsRefused() {
        assertThatThrownBy(() -> FormCodec.decode("v=%41\ud83d")).isInstanceOf(FormCodec.Malformed.class);
        assertThatThrownBy(() -> FormCodec.decode("v=+\ude00x")).isInstanceOf(FormCodec.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=%", "v=%4", "v=%zz", "v=a%4g", "%=v"})
    void malformedPercentEncodingIsRefused(String form) {
        assertThatThrownBy(() -> FormCodec.decode(form)).isInstanceOf(FormCodec.Malformed.class)
                .hasMessageContaining("percent");
    }

    @Test
    void encodingThenDecodingGivesTheSameParameters() throws Exception {
        Map<String, List<String>> form = Map.of("state", List.of("a b&c=d+e%f/\u00e9\ud83d\ude00"));
        assertThat(FormCodec.decode(FormCodec.encode(form))).isEqualTo(form);
    }
}

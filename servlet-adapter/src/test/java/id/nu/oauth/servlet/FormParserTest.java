package id.nu.oauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict application/x-www-form-urlencoded reader (WHATWG URL §5.1, RFC 6749 Appendix B). */
class FormParserTest {

    @Test
    void keepsEveryValueOfARepeatedName() throws Exception {
        Map<String, List<String>> m = FormParser.newMap();
        FormParser.parseInto("a=1&b=2&a=3", m);
        FormParser.parseInto("a=4", m);
        assertThat(m).containsEntry("a", List.of("1", "3", "4")).containsEntry("b", List.of("2"));
    }

    @Test
    void decodesPlusPercentAndUtf8() throws Exception {
        Map<String, List<String>> m = FormParser.newMap();
        FormParser.parseInto("s=a+b%20c&n=%E2%82%AC&e=&flag&&x%3Dy=z", m);
        assertThat(m).containsEntry("s", List.of("a b c")).containsEntry("n", List.of("\u20ac"))
                .containsEntry("e", List.of("")).containsEntry("flag", List.of("")).containsEntry("x=y", List.of("z"));
    }

    @Test
    void refusesMalformedEscapesAndInvalidUtf8() {
        for (String bad : new String[] {"a=%", "a=%4", "a=%zz", "a=%ff", "a=%C3%28", "a=%ED%A0%80"}) {
            assertThatThrownBy(() -> FormParser.parseInto(bad, FormParser.newMap())).as(bad)
                    .isInstanceOf(FormParser.MalformedForm.class);
        }
    }

    @Test
    void contentTypeMustBeAUtf8Form() {
        assertThat(FormParser.isUtf8Form("application/x-www-form-urlencoded")).isTrue();
        assertThat(FormParser.isUtf8Form("application/x-www-form-urlencoded;charset=UTF-8")).isTrue();
        assertThat(FormParser.isUtf8Form("APPLICATION/X-WWW-FORM-URLENCODED ; charset=\"utf-8\"")).isTrue();
        assertThat(FormParser.isUtf8Form(null)).isFalse();
        assertThat(FormParser.isUtf8Form("application/json")).isFalse();
        assertThat(FormParser.isUtf8Form("application/x-www-form-urlencoded; charset=iso-8859-1")).isFalse();
        assertThat(FormParser.isUtf8Form("application/x-www-form-urlencodedx")).isFalse();
    }

    @Test
    void bodyCapHoldsWhateverTheDeclaredLength() {
        byte[] body = "a=".concat("x".repeat(2000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FormParser.readBody(new ByteArrayInputStream(body), -1, 1024))
                .isInstanceOf(FormParser.TooLarge.class);
        assertThatThrownBy(() -> FormParser.readBody(new ByteArrayInputStream(new byte[0]), 5000, 1024))
                .isInstanceOf(FormParser.TooLarge.class);
    }
}

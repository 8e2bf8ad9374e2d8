package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine writes flat JSON answers itself (issue 14: Gson was 10 % of an introspection's server
 * CPU); Nimbus's writer is the independent implementation it must match character for character
 * (RFC 8259 §7 escaping, arrays of strings for RFC 7662 §2.2 {@code aud}).
 */
class ResponsesJsonTest {

    @Test
    void anIntrospectionAnswerIsWrittenAsNimbusWritesIt() {
        // RFC 7662 §2.2: active, scope, client_id, sub, exp, iat, iss, token_type, aud (a list here)
        Map<String, Object> json = new TokenIntrospectionSuccessResponse.Builder(true)
                .scope(new Scope("openid", "profile")).clientID(new ClientID("bench-app"))
                .subject(new Subject("user-4711")).expirationTime(new Date(1_900_000_000_000L))
                .issueTime(new Date(1_899_999_100_000L)).issuer(new Issuer("https://portal.example.or.id/api"))
                .tokenType(com.nimbusds.oauth2.sdk.token.AccessTokenType.BEARER)
                .audience(List.of(new Audience("https://api.example.or.id"), new Audience("rs-2")))
                .build().toJSONObject();
        assertThat(Responses.toJson(json)).isEqualTo(JSONObjectUtils.toJSONString(json));
    }

    @Test
    void stringsNeedingEscapesArrayMembersIncludedAreWrittenAsNimbusWritesThem() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("quote\"back\\slash", "tab\tnl\ncr\rff\fbs\b\u0001\u001f\u2028\u2029<&>'=é😀");
        json.put("aud", List.of("a\"b", "\u0000", "", "https://x.example/p?q=1&r=<2>"));
        json.put("empty", List.of());
        json.put("n", 900L);
        json.put("i", 7);
        json.put("b", false);
        assertThat(Responses.toJson(json)).isEqualTo(JSONObjectUtils.toJSONString(json));
    }

    @Test
    void anythingElseIsLeftToNimbus() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nested", Map.of("a", 1));
        json.put("mixed", List.of("a", 1));
        json.put("d", 1.5);
        assertThat(Responses.toJson(json)).isEqualTo(JSONObjectUtils.toJSONString(json));
    }
}

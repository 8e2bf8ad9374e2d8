package id.nu.oauth.spring.boot;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps secrets out of the actuator: the {@code configprops} and {@code env} endpoints show
 * {@code nuid.oauth.clients.*.secret} (and {@code .secret-hash}, {@code .previous-secret}),
 * {@code nuid.oauth.pairwise-subject-salt}, {@code nuid.oauth.client-secret-encryption-key},
 * {@code nuid.oauth.dpop.nonce-secret},
 * {@code nuid.oauth.dynamic-registration.initial-access-tokens} and
 * {@code nuid.oauth.signing.encryption-key} as {@code ******} even when an application sets
 * {@code management.endpoint.configprops.show-values=always}. The same {@code SanitizingFunction}
 * API on Spring Boot 4.0 and 3.5.
 *
 * <pre>
 * GET /actuator/configprops
 * ... "nuid.oauth": {"properties": {"clients": {"portal": {"secret": "******", ...
 * </pre>
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class NuidOAuthActuatorAutoConfiguration {

    /** The sanitizing function bean's name. */
    public static final String SANITIZING_FUNCTION_BEAN = "nuidOAuthSanitizingFunction";

    /** The starter's; use the constant's name. */
    public NuidOAuthActuatorAutoConfiguration() {
    }

    @Bean(name = SANITIZING_FUNCTION_BEAN)
    @ConditionalOnMissingBean(name = SANITIZING_FUNCTION_BEAN)
    SanitizingFunction nuidOAuthSanitizingFunction() {
        return data -> isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    /** Every secret-bearing {@code nuid.oauth} property, in any of the spellings Spring binds (kebab, camel, env, index). */
    static boolean isSecret(String key) {
        if (isClientSecret(key)) {
            return true;
        }
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return k.equals("nuidoauthdpopnoncesecret") || k.equals("nuidoauthsigningencryptionkey")
                || k.equals("nuidoauthpairwisesubjectsalt") || k.equals("nuidoauthclientsecretencryptionkey")
                || k.startsWith("nuidoauthdynamicregistrationinitialaccesstokens");
    }

    /** {@code nuid.oauth.clients.<id>.secret} in any of the spellings Spring binds (kebab, camel, env). */
    static boolean isClientSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return k.startsWith("nuidoauthclients") && (k.endsWith("secret") || k.endsWith("secrethash"));
    }

}

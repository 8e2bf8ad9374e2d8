package id.nu.oauth.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit Jupiter test class a fresh {@link OAuthTestServer}, injected as a parameter of
 * test methods, lifecycle methods and constructors: a new one for every test by default, or one
 * shared by the class's tests with {@code perClass = true}.
 *
 * <pre>{@code
 * @NuidOAuthTest
 * class ProfileApiTest {
 *     @Test
 *     void answersTheUserOfTheToken(OAuthTestServer server) {
 *         String bearer = server.issueAccessToken("alice", "app", "profile");
 *         // call the host's API with "Authorization: Bearer " + bearer
 *     }
 * }
 * }</pre>
 *
 * @see NuidOAuthExtension
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NuidOAuthExtension.class)
public @interface NuidOAuthTest {

    /** One server for all the tests of the class (and its {@code @BeforeAll} methods) instead of one per test. */
    boolean perClass() default false;
}

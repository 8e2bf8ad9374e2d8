/**
 * The nuid-oauth test kit: the real engine in memory, on a clock the test moves, with the client's
 * and the user's side of each flow a few calls away. For a host's tests (its {@code test} scope).
 *
 * <pre>{@code
 * @NuidOAuthTest
 * class LoginFlowTest {
 *     @Test
 *     void aUserAuthorizesTheApp(OAuthTestServer server) {
 *         TestClient app = server.registerPublicClient("app", "profile");
 *         Tokens tokens = server.as("alice").authorize(app).consent().exchange();
 *         assertThat(server.activeToken(tokens.accessToken()).orElseThrow().subject()).isEqualTo("alice");
 *     }
 * }
 * }</pre>
 *
 * <p>Entry points: {@link id.nu.oauth.testkit.OAuthTestServer}, {@link id.nu.oauth.testkit.NuidOAuthTest}.
 */
package id.nu.oauth.testkit;

package id.nu.oauth.testkit;

import id.nu.oauth.core.AuthenticatedUser;
import java.util.Objects;

/**
 * A user as the host's login would present them to the engine, or nobody: the start of an
 * authorization in a test.
 *
 * <pre>{@code
 * Tokens t = server.as("alice").authorize(app).consent().exchange();
 * assertThat(server.anonymous().authorize(app).send().isLoginRequired()).isTrue();
 * }</pre>
 */
public final class TestUser {

    private final OAuthTestServer server;
    private final AuthenticatedUser user;

    TestUser(OAuthTestServer server, AuthenticatedUser user) {
        this.server = server;
        this.user = user;
    }

    /** The user as the engine sees them; {@code null} for {@link OAuthTestServer#anonymous()}. */
    public AuthenticatedUser user() {
        return user;
    }

    /** The subject, or {@code null} for nobody. */
    public String subject() {
        return user == null ? null : user.subject();
    }

    /**
     * Starts an authorization request from this client, filled in as the client would send it:
     * {@code response_type=code}, {@code client_id}, {@code redirect_uri}, a random {@code state},
     * and a PKCE S256 challenge (not for legacy public clients). Nothing is sent until a terminal
     * method of the {@link AuthorizeCall} is called.
     */
    public AuthorizeCall authorize(TestClient client) {
        return new AuthorizeCall(server, user, Objects.requireNonNull(client, "client"));
    }

    /** The same, for a client registered through the kit by its id. */
    public AuthorizeCall authorize(String clientId) {
        return authorize(server.client(clientId));
    }

    @Override
    public String toString() {
        return user == null ? "TestUser[anonymous]" : "TestUser[" + user.subject() + "]";
    }
}

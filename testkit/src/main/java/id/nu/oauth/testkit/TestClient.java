package id.nu.oauth.testkit;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientType;
import java.util.Objects;

/**
 * A client registered on an {@link OAuthTestServer}, with what a real client would know about
 * itself: its id, its secret (confidential clients only) and the redirect URI it uses.
 *
 * <pre>{@code
 * TestClient app = server.registerPublicClient("app", "profile");
 * TestClient portal = server.registerConfidentialClient("portal", "profile");
 * portal.secret();        // the clear secret, to configure the host's client code in the test
 * app.redirectUri();      // "https://client.example/callback"
 * }</pre>
 *
 * @param registration the client as the server stores it
 * @param secret the clear client secret of a confidential client; {@code null} for public ones
 */
public record TestClient(Client registration, String secret) {

    public TestClient {
        Objects.requireNonNull(registration, "registration");
        if ((registration.type() == ClientType.CONFIDENTIAL) != (secret != null)) {
            throw new IllegalArgumentException("a confidential client needs its secret; a public one has none");
        }
        if (secret != null && !registration.secretHash().matches(secret)) {
            throw new IllegalArgumentException("the secret does not match the client's secret hash");
        }
    }

    /** The {@code client_id}. */
    public String clientId() {
        return registration.clientId();
    }

    /** Confidential, public or legacy public. */
    public ClientType type() {
        return registration.type();
    }

    /** The first registered redirect URI, which the kit's requests use unless told otherwise. */
    public String redirectUri() {
        if (registration.redirectUris().isEmpty()) {
            throw new IllegalStateException("client " + clientId() + " has no redirect URI");
        }
        return registration.redirectUris().get(0);
    }

    /** Whether requests from this client carry PKCE by default (every type but legacy public). */
    boolean sendsPkce() {
        return registration.type() != ClientType.LEGACY_PUBLIC;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "TestClient[" + clientId() + ", " + type() + "]";
    }
}

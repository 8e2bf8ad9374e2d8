package id.nu.oauth.core;

import static id.nu.oauth.core.LogoutFixtures.RP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthorizationServer#close()}: a host that stops or redeploys the server (a web application's
 * undeploy, a Spring context's shutdown) is left with no thread of the engine's running; what the
 * server answers afterwards still works, and a logout still ends the session (Back-Channel Logout
 * 1.0 §2.7: delivery is best effort; RP-Initiated Logout 1.0 §2 is unaffected).
 */
class ServerCloseTest {

    private LogoutFixtures f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void closeEndsTheEnginesDeliveryThreadAndALaterLogoutStillEndsTheSession() throws Exception {
        List<Thread> before = deliveryThreads(); // other tests' servers in this JVM may have theirs
        f = new LogoutFixtures(b -> { }, false); // no host executor: the engine starts its own thread
        AuthenticatedUser alice = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("s-1");
        assertThat(f.logout(alice, "id_token_hint", f.login(RP, alice).idToken()))
                .isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(f.received.poll(10, TimeUnit.SECONDS)).as("delivered before the close").isNotNull();
        List<Thread> ours = deliveryThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(ours).as("the engine's own delivery thread").hasSize(1);

        f.server().close();
        f.server().close(); // idempotent
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ours.get(0).join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        assertThat(ours.get(0).isAlive()).as("no thread of the engine's is left running").isFalse();

        AuthenticatedUser again = new AuthenticatedUser(OidcFixtures.SUBJECT, f.oidc.authTime).withSessionId("s-2");
        OidcFixtures.Tokens tokens = f.login(RP, again); // the closed server still answers
        assertThat(f.logout(again, "id_token_hint", tokens.idToken())).isInstanceOf(LogoutResult.LoggedOut.class);
        assertThat(f.received.poll(300, TimeUnit.MILLISECONDS)).as("no notification after the close").isNull();
        assertThat(deliveryThreads()).as("none started again").allMatch(before::contains);
    }

    @Test
    void closeLeavesAnExecutorTheHostGaveRunning() throws Exception {
        f = new LogoutFixtures(); // the fixture's own executor
        f.server().close();
        assertThat(f.executor.isShutdown()).as("the host's executor is the host's to stop").isFalse();
    }

    private static List<Thread> deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("nuid-oauth-backchannel-logout") && t.isAlive()).toList();
    }
}

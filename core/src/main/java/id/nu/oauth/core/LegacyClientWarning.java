package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The warning {@link AuthorizationServer.Builder#build()} logs for each legacy public client: the
 * registration is a deliberate choice, so the log names every OAuth 2.1 guarantee the client goes
 * without, and the shorter refresh lifetimes that limit the damage.
 */
final class LegacyClientWarning {

    private LegacyClientWarning() {
    }

    /** The one-line warning for {@code client}, a legacy public client. */
    static String of(Client client, RefreshLifetimes lifetimes) {
        List<String> lost = new ArrayList<>();
        if (!client.requirePkce()) {
            lost.add("no PKCE, so an intercepted authorization code can be redeemed by whoever holds it "
                    + "(RFC 7636 §1, RFC 9700 §2.1.1)");
        }
        boolean refreshes = client.allows(GrantType.REFRESH_TOKEN);
        if (refreshes && client.refreshPolicy() == RefreshPolicy.KEEP) {
            lost.add("no refresh-token rotation or reuse detection, so a stolen refresh token works until it "
                    + "expires (RFC 9700 §4.14.2)");
        }
        lost.add("no client authentication, so anyone who knows its client_id can redeem its codes and use its "
                + "refresh tokens (RFC 6749 §10.2)");
        StringBuilder warning = new StringBuilder("client ").append(client.clientId())
                .append(" is a legacy public client for the documented NU.ID flow; it has ")
                .append(String.join("; ", lost)).append('.');
        if (refreshes) {
            warning.append(" Its refresh tokens live shorter to limit that: ")
                    .append(describe(lifetimes.legacyIdle())).append(" unused, ")
                    .append(describe(lifetimes.legacyAbsolute())).append(" at most (other clients: ")
                    .append(describe(lifetimes.idle())).append(", ").append(describe(lifetimes.absolute()))
                    .append(").");
        }
        return warning.append(" Migrate it to a public client with PKCE (Client.publicClient).").toString();
    }

    /** A lifetime in the largest whole unit: "7 days", "12 hours", "90 seconds". */
    static String describe(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds % 86_400 == 0) {
            return count(seconds / 86_400, "day");
        }
        if (d.getNano() == 0 && seconds % 3_600 == 0) {
            return count(seconds / 3_600, "hour");
        }
        if (d.getNano() == 0 && seconds % 60 == 0) {
            return count(seconds / 60, "minute");
        }
        return count(Math.max(1, seconds), "second");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}

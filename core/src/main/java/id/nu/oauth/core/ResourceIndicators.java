package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.Syntax;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place for the {@code resource} parameter of RFC 8707: read at the authorization endpoint
 * (§2.1) and at the token endpoint (§2.2), checked against the resources a client may ask for and
 * against those a grant was given, and turned into an access token's audience.
 *
 * <p>Without any {@code resource} nothing changes: the grant has no resources and its access tokens
 * carry the server's configured audience, as before RFC 8707 was supported.
 */
final class ResourceIndicators {

    private ResourceIndicators() {
    }

    /**
     * The resources an authorization request or a client credentials request names (RFC 8707
     * §2): each an absolute URI without a fragment and registered for the client; empty when none.
     */
    static Checked<Set<String>> requested(Params params, Client client) {
        Checked<Set<String>> read = read(params);
        if (read instanceof Checked.Failed<Set<String>>) {
            return read;
        }
        Set<String> resources = ((Checked.Ok<Set<String>>) read).value();
        for (String resource : resources) {
            if (!client.resources().contains(resource)) {
                return Checked.failed(OAuthError.invalidTarget("the resource " + resource
                        + " is not one this client may ask for (RFC 8707 section 2)"));
            }
        }
        return read;
    }

    /**
     * The audience of an access token issued from a grant given {@code granted} (RFC 8707 §2.2):
     * the resources the token request names, each among the granted ones, or every granted one when
     * it names none.
     */
    static Checked<Set<String>> narrowed(Params params, Set<String> granted) {
        Checked<Set<String>> read = read(params);
        if (read instanceof Checked.Failed<Set<String>>) {
            return read;
        }
        Set<String> resources = ((Checked.Ok<Set<String>>) read).value();
        if (resources.isEmpty()) {
            return Checked.ok(granted);
        }
        for (String resource : resources) {
            if (!granted.contains(resource)) {
                return Checked.failed(OAuthError.invalidTarget("the resource " + resource
                        + " was not granted to this authorization (RFC 8707 section 2.2)"));
            }
        }
        return read;
    }

    /** Every {@code resource} value, well formed (RFC 8707 §2: absolute URI, no fragment). */
    private static Checked<Set<String>> read(Params params) {
        List<String> values = params.all("resource");
        Set<String> resources = new LinkedHashSet<>();
        for (String value : values) {
            if (!Syntax.isResourceIndicator(value)) {
                return Checked.failed(OAuthError.invalidTarget(
                        "resource must be an absolute URI without a fragment (RFC 8707 section 2)"));
            }
            resources.add(value);
        }
        return Checked.ok(Set.copyOf(resources));
    }

    /**
     * The audience an access token carries (RFC 9068 §3, RFC 7662 §2.2): its resources, or the
     * server's configured audience when it has none.
     */
    static List<String> audience(Set<String> resources, String defaultAudience) {
        return resources.isEmpty() ? List.of(defaultAudience) : resources.stream().sorted().toList();
    }
}

package id.nu.oauth.core;

import java.time.Duration;

/**
 * How authorization requests may arrive, fixed at build time: the lifetime of a pushed request's
 * {@code request_uri} (RFC 9126 §2.2) and whether every client must push its requests (§5,
 * {@code require_pushed_authorization_requests}).
 */
record RequestPolicy(Duration pushedRequestLifetime, boolean requirePushedRequests) {

    /** RFC 9126 §4: the {@code request_uri} a pushed request is known by, in our own URN namespace. */
    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
}

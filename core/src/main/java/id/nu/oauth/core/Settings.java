package id.nu.oauth.core;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** The engine's configuration, fixed at build time. */
record Settings(
        URI issuer,
        Clock clock,
        TokenGenerator generator,
        Duration codeLifetime,
        Duration accessTokenLifetime,
        RefreshLifetimes refreshLifetimes,
        int maxParameterLength) {

    Params params(java.util.Map<String, java.util.List<String>> parameters) {
        return new Params(parameters, maxParameterLength);
    }
}

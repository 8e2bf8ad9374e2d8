package id.nu.oauth.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per event, at its severity: the event type, client, subject, grant, the
 * correlation id, and the event's other identifiers (endpoint, error, status). Only identifiers
 * reach the line: an event has no field that could hold a credential.
 */
final class LoggingEventListener implements OAuthEventListener {

    static final String LOGGER = "id.nu.oauth.events";

    static final LoggingEventListener INSTANCE = new LoggingEventListener();

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private LoggingEventListener() {
    }

    @Override
    public void onEvent(OAuthEvent event) {
        switch (event.severity()) {
            case WARN -> {
                if (LOG.isWarnEnabled()) {
                    LOG.warn(line(event));
                }
            }
            case INFO -> {
                if (LOG.isInfoEnabled()) {
                    LOG.info(line(event));
                }
            }
            default -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debug(line(event));
                }
            }
        }
    }

    /** {@code event=… client=… subject=… grant=… correlation=…} and what else the event says. */
    static String line(OAuthEvent event) {
        StringBuilder out = new StringBuilder(160).append("event=").append(event.type());
        field(out, "client", event.clientId());
        field(out, "subject", event.subject());
        field(out, "grant", event.grantId());
        field(out, "correlation", event.correlationId());
        if (event instanceof OAuthEvent.RequestCompleted r) {
            field(out, "endpoint", r.endpoint().tagValue());
            field(out, "grant_type", r.grantType() == null ? null : r.grantType().parameter());
            field(out, "status", Integer.toString(r.status()));
            field(out, "error", r.error() == null ? null : r.error().name().toLowerCase(java.util.Locale.ROOT));
            field(out, "ms", Long.toString(r.duration().toMillis()));
        } else if (event instanceof OAuthEvent.ErrorAnswered e) {
            field(out, "endpoint", e.endpoint().tagValue());
            field(out, "error", e.error().name().toLowerCase(java.util.Locale.ROOT));
            field(out, "status", Integer.toString(e.status()));
        } else if (event instanceof OAuthEvent.ClientAuthenticationFailed f) {
            field(out, "endpoint", f.endpoint().tagValue());
        } else if (event instanceof OAuthEvent.TokensIssued t) {
            field(out, "grant_type", t.grantType().parameter());
            field(out, "refresh_token", Boolean.toString(t.refreshToken()));
        } else if (event instanceof OAuthEvent.TokenRevoked t) {
            field(out, "kind", t.kind().hint());
        } else if (event instanceof OAuthEvent.Introspected i) {
            field(out, "active", Boolean.toString(i.active()));
        } else if (event instanceof OAuthEvent.KeyRotated k) {
            field(out, "kid", k.keyId());
            field(out, "alg", k.algorithm().name());
        } else if (event instanceof OAuthEvent.LoginRequested l) {
            field(out, "reauthenticate", Boolean.toString(l.reauthenticate()));
        }
        return out.toString();
    }

    /** A value as it is when it is a plain identifier, quoted and escaped otherwise (no log forging). */
    private static void field(StringBuilder out, String name, String value) {
        if (value == null) {
            return;
        }
        out.append(' ').append(name).append('=');
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '=';
        }
        if (plain) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}

package id.nu.oauth.core;

import java.util.Objects;

/** A value read from a request, or the OAuth error that reading it met. */
sealed interface Checked<T> {

    /** The request passed: here is what was read. */
    record Ok<T>(T value) implements Checked<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The request failed with this error. */
    record Failed<T>(OAuthError error) implements Checked<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> Checked<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Checked<T> failed(OAuthError error) {
        return new Failed<>(error);
    }
}

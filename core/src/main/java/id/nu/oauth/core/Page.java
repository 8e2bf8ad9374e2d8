package id.nu.oauth.core;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing in a stable order, and where the next one starts.
 *
 * <pre>{@code
 * String after = null;
 * do {
 *     Page<Client> page = server.clientManagement().list(after, 100);
 *     page.items().forEach(this::show);
 *     after = page.next();
 * } while (after != null);
 * }</pre>
 *
 * @param items the items of this page
 * @param next what to pass as {@code after} for the next page, or {@code null} when this is the last
 * @param <T> the items' type
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }
}

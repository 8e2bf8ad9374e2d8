package id.nu.oauth.examples;

import id.nu.oauth.core.InMemorySigningKeys;
import id.nu.oauth.core.SigningAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The demo's signing keys in a file ({@code --signing-keys FILE}): a JWK set with the private RS256
 * and ES256 keys, made on first use (readable by its owner only) and read on every later start, so
 * id_tokens and JWT access tokens keep verifying across restarts and on every node that shares the
 * file. Without the option each start generates fresh keys in memory.
 *
 * <pre>{@code
 * InMemorySigningKeys keys = DemoSigningKeys.loadOrCreate(Path.of("examples/data/signing-keys.json"));
 * }</pre>
 */
final class DemoSigningKeys {

    private DemoSigningKeys() {
    }

    /** The keys in {@code file}, which is created with new keys when it does not exist. */
    static InMemorySigningKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return InMemorySigningKeys.fromJwkSetJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("--signing-keys " + file + ": cannot read or write it ("
                    + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--signing-keys " + file + ": not a usable JWK set: " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        String keys = InMemorySigningKeys.generate(SigningAlgorithm.RS256, SigningAlgorithm.ES256).toJwkSetJson();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException anotherNodeWasFirst) {
            return; // two nodes started together on one file: use the keys the other one wrote
        }
        Files.writeString(file, keys, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}

package id.nu.oauth.bench.http;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, to print next to every measurement on a shared machine. */
public final class Load {

    private Load() {
    }

    public static String describe() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (Exception e) {
            return "load average unknown";
        }
    }
}

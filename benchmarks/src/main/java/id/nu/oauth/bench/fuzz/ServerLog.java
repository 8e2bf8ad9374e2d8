package id.nu.oauth.bench.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's log after the run: its ERROR lines (slf4j-simple's {@code HH:mm:ss ERROR Logger - ...},
 * or java.util.logging's {@code SEVERE:} for Tomcat's own messages) and its stack traces (runs of
 * lines starting with a tab and {@code at }), grouped by message so a flood of one fault reads as
 * one line with a count.
 */
final class ServerLog {

    private static final Pattern ERROR = Pattern.compile("^(\\S+ )?(ERROR|SEVERE)\\b|^SEVERE:|\\] ERROR ");
    private static final Pattern TIME = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d(\\.\\d+)? ");

    final long errorLines;
    final long stackTraces;
    /**
     * Each distinct ERROR line (time stripped) with the line after it (the exception, cut to 100
     * characters), and how often; most frequent first.
     */
    final Map<String, Long> errors;
    /** The first lines of the first stack traces. */
    final List<String> firstTraces;

    private ServerLog(long errorLines, long stackTraces, Map<String, Long> errors, List<String> firstTraces) {
        this.errorLines = errorLines;
        this.stackTraces = stackTraces;
        this.errors = errors;
        this.firstTraces = firstTraces;
    }

    static ServerLog scan(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        long errorLines = 0;
        long traces = 0;
        Map<String, Long> errors = new LinkedHashMap<>();
        List<String> firstTraces = new ArrayList<>();
        boolean inTrace = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (ERROR.matcher(line).find()) {
                errorLines++;
                String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
                String key = TIME.matcher(line).replaceFirst("") + (next.startsWith("\tat ") || next.isEmpty() ? ""
                        : "  //  " + Junk.printable(next, 100));
                errors.merge(Junk.printable(key, 300), 1L, Long::sum);
            }
            boolean frame = line.startsWith("\tat ");
            if (frame && !inTrace) {
                traces++;
                if (firstTraces.size() < 3) {
                    String head = i > 0 ? lines.get(i - 1) : "";
                    firstTraces.add(Junk.printable(head, 200) + " / " + Junk.printable(line.trim(), 160));
                }
            }
            inTrace = frame || inTrace && (line.startsWith("Caused by:") || line.startsWith("\t... "));
        }
        Map<String, Long> byCount = new LinkedHashMap<>();
        errors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byCount.put(e.getKey(), e.getValue()));
        return new ServerLog(errorLines, traces, byCount, firstTraces);
    }
}

package id.nu.oauth.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in the READMEs is compiled by the build: each ```java block's imports and
 * statements stand, as shown (line for line, indentation aside), in a source file that the build
 * compiles: this module's {@code readme} package, the Spring Boot example's, or the test kit's
 * {@code com.example.portal} tests. A snippet changed in a README without its source fails here.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> READMES = List.of("README.md", "servlet-adapter/README.md",
            "storage-jdbc/README.md", "testkit/README.md");
    private static final List<String> SOURCES = List.of("examples/src/test/java/id/nu/oauth/examples/readme",
            "examples-spring-boot/src/test/java/id/nu/oauth/examples/springboot/readme",
            "testkit/src/test/java/com/example/portal");

    record Snippet(String readme, int line, List<String> imports, List<String> body) {
    }

    static List<Snippet> snippets(String readme) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(readme), StandardCharsets.UTF_8);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<String> imports = new ArrayList<>();
            List<String> body = new ArrayList<>();
            for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                String line = lines.get(i).trim();
                if (line.startsWith("import ")) {
                    imports.add(line);
                } else if (!line.isEmpty()) {
                    body.add(line);
                }
            }
            snippets.add(new Snippet(readme, start, imports, body));
        }
        return snippets;
    }

    static List<List<String>> sources() throws IOException {
        List<List<String>> files = new ArrayList<>();
        for (String folder : SOURCES) {
            try (Stream<Path> paths = Files.list(ROOT.resolve(folder))) {
                for (Path p : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files.add(Files.readAllLines(p, StandardCharsets.UTF_8).stream().map(String::trim)
                            .filter(l -> !l.isEmpty()).toList());
                }
            }
        }
        return files;
    }

    static boolean compiledIn(Snippet snippet, List<String> source) {
        if (!source.containsAll(snippet.imports())) {
            return false;
        }
        List<String> body = snippet.body();
        for (int from = 0; from + body.size() <= source.size(); from++) {
            if (source.subList(from, from + body.size()).equals(body)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyJavaSnippetInTheReadmesIsCompiledByTheBuildWithItsImports() throws IOException {
        List<List<String>> sources = sources();
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (String readme : READMES) {
            for (Snippet snippet : snippets(readme)) {
                count++;
                if (sources.stream().noneMatch(source -> compiledIn(snippet, source))) {
                    missing.add(snippet.readme() + ":" + snippet.line());
                }
                if (snippet.imports().isEmpty()) {
                    // every snippet names the types it uses
                    missing.add(snippet.readme() + ":" + snippet.line() + " (no imports)");
                }
            }
        }
        assertThat(count).as("snippets found").isGreaterThanOrEqualTo(20);
        assertThat(missing).as("README snippets not compiled as shown (or shown without imports)").isEmpty();
    }
}

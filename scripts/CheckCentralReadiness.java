import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks that a release build would pass Maven Central's requirements, for every published module:
 * name, description, url, license, developer and scm in the effective POM, and a jar, a sources jar
 * and a javadoc jar (just the POM for pom-packaged modules such as the BOM); and, the project's own
 * rule for its public API, a Javadoc example on every public type.
 *
 * <pre>
 * mvn -B -P release -Dgpg.skip -DskipTests verify help:effective-pom -Doutput=target/effective-pom.xml
 * java scripts/CheckCentralReadiness.java target/effective-pom.xml
 * </pre>
 *
 * Modules whose effective POM sets the property nuid.skipPublishing=true (examples, benchmarks) are
 * not published and not checked.
 */
public class CheckCentralReadiness {

    public static void main(String[] args) throws Exception {
        Path effective = Path.of(args.length > 0 ? args[0] : "target/effective-pom.xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(effective.toFile());
        NodeList projects = doc.getElementsByTagName("project");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < projects.getLength(); i++) {
            Element project = (Element) projects.item(i);
            String artifactId = text(project, "artifactId");
            String packaging = text(project, "packaging");
            packaging = packaging == null ? "jar" : packaging;
            if ("true".equals(property(project, "nuid.skipPublishing"))) {
                continue;
            }
            checked++;
            for (String required : List.of("name", "description", "url")) {
                if (blank(text(project, required))) {
                    problems.add(artifactId + ": no <" + required + ">");
                }
            }
            if (blank(path(project, "licenses", "license", "name")) || blank(path(project, "licenses", "license", "url"))) {
                problems.add(artifactId + ": no license name and url");
            }
            if (blank(path(project, "developers", "developer", "name"))) {
                problems.add(artifactId + ": no developer");
            }
            for (String scm : List.of("connection", "developerConnection", "url")) {
                if (blank(path(project, "scm", scm))) {
                    problems.add(artifactId + ": no <scm><" + scm + ">");
                }
            }
            if (!packaging.equals("pom")) {
                problems.addAll(undocumentedPublicTypes(artifactId, path(project, "build", "sourceDirectory")));
                String directory = path(project, "build", "directory");
                String finalName = path(project, "build", "finalName");
                for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                    File jar = new File(directory, finalName + suffix);
                    if (!jar.isFile()) {
                        problems.add(artifactId + ": missing " + jar);
                    }
                }
            }
        }
        if (checked == 0) {
            problems.add("no published module found in " + effective);
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("NOT READY: " + p));
            System.exit(1);
        }
        System.out.println("Maven Central readiness: " + checked + " published modules have complete POMs,"
                + " their jar, sources and javadoc jars, and an example on every public type");
    }

    /**
     * Public top-level types whose source has no Javadoc example ({@code <pre>}): the project's rule is
     * that every public type says what it is for and shows one use.
     */
    private static List<String> undocumentedPublicTypes(String artifactId, String sourceDirectory) throws Exception {
        List<String> missing = new ArrayList<>();
        Path root = Path.of(sourceDirectory);
        if (!Files.isDirectory(root)) {
            return missing;
        }
        try (var files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String source = Files.readString(file);
                boolean isPublic = source.lines().anyMatch(line -> line.matches(
                        "public (final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) .*"));
                if (isPublic && !source.contains("<pre>")) {
                    missing.add(artifactId + ": public type without a Javadoc example: " + root.relativize(file));
                }
            }
        }
        return missing;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String property(Element project, String name) {
        Element properties = child(project, "properties");
        return properties == null ? null : text(properties, name);
    }

    private static String path(Element start, String... names) {
        Element e = start;
        for (String name : names) {
            e = e == null ? null : child(e, name);
        }
        return e == null ? null : e.getTextContent().trim();
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name.equals(e.getLocalName()) || name.equals(e.getTagName()))) {
                return e;
            }
        }
        return null;
    }
}

package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Runs a page's Java example as a user would: the imports and statements of the page, put into a class's
 * {@code main}, compiled against the test's class path and run in a JVM of its own whose working folder is
 * {@code work} (so the example's relative paths are the files its page made there).
 */
final class JavaExample {
    static final String CLASS = "PageExample";

    private JavaExample() {}

    /** The class source of {@code code}: its import lines first, the rest as the body of {@code main}. */
    static String source(List<String> code) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "public class " + CLASS + " {\npublic static void main(String[] args) throws Exception {\n"
                + body + "}\n}\n";
    }

    /** What the example prints on stdout; it must compile and exit 0. */
    static String run(List<String> code, Path work) throws IOException, InterruptedException {
        Path src = Files.createTempDirectory(work.getParent(), "java-");
        Path file = src.resolve(CLASS + ".java");
        Files.writeString(file, source(code));
        String cp = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, null, new PrintStream(diagnostics, true, StandardCharsets.UTF_8),
                "-cp", cp, "-d", src.toString(), "-Xlint:all", "-Werror", file.toString());
        assertThat(compiled).as("the example compiles:\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-cp", cp + File.pathSeparator + src, CLASS));
        Path out = src.resolve("stdout.txt");
        Path err = src.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the example finishes within 2 minutes").isTrue();
        assertThat(p.exitValue()).as("the example's exit code; stderr:\n" + Files.readString(err)).isZero();
        return Files.readString(out);
    }
}

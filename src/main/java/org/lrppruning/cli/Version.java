package org.lrppruning.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code lrp-pruning --version} prints: the project's version from the jar manifest
 * ({@code Implementation-Version}), else from {@code version.properties}, which Maven fills in from
 * pom.xml (so tests on {@code target/classes} see it too), and the Java runtime it runs on.
 */
public final class Version implements IVersionProvider {
    /** The resource Maven filters with the pom's version. */
    static final String RESOURCE = "version.properties";

    /** The project's version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String project() {
        String manifest = Version.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").strip();
            // an unfiltered copy (a build that skipped Maven's resources step) says so rather than print ${...}
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"lrp-pruning " + project(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("os.arch") + ")"};
    }
}

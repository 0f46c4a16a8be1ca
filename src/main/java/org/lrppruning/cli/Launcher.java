package org.lrppruning.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * Where the launcher script {@code bin/lrp-pruning} is, so that generated scripts can call it from
 * any directory: {@code $LRP_PRUNING_LAUNCHER} (the launcher sets it to its own path), else
 * {@code bin/lrp-pruning} in the project the running jar or classes folder was built in
 * ({@code target/..}), else unknown.
 */
final class Launcher {
    /** The variable {@code bin/lrp-pruning} exports with its absolute path. */
    static final String ENV = "LRP_PRUNING_LAUNCHER";
    /** The launcher relative to the project root, as the README calls it. */
    static final String RELATIVE = org.lrppruning.study.ToyModels.LAUNCHER;

    private Launcher() {}

    /** The launcher's absolute path, or null when it cannot be found. */
    static Path locate() {
        return locate(System.getenv(ENV), codeSource());
    }

    /**
     * The launcher given by {@code env} (used when it is an existing absolute file), else
     * {@code bin/lrp-pruning} two levels above {@code codeSource} (the jar or classes folder in
     * {@code target/}), else null.
     */
    static Path locate(String env, Path codeSource) {
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env);
            if (p.isAbsolute() && Files.isRegularFile(p)) {
                return p.normalize();
            }
        }
        if (codeSource != null) {
            Path target = codeSource.toAbsolutePath().getParent();
            if (target != null && target.getParent() != null) {
                Path p = target.getParent().resolve(RELATIVE);
                if (Files.isRegularFile(p)) {
                    return p.normalize();
                }
            }
        }
        return null;
    }

    /** The jar or classes folder this class was loaded from, or null. */
    private static Path codeSource() {
        CodeSource cs = Launcher.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        try {
            return Paths.get(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code s} as one shell word in single quotes. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

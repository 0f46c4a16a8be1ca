package org.lrppruning.analysis;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the read-only ../shared folder beside the checkout; a missing one fails the test that needs it. */
final class Shared {
    private Shared() {}

    static Path require(String relative) {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path file = base.resolve("..").resolve("shared").resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            fail("missing ../shared/" + relative + " (looked for " + file + "): this test reads the reference's "
                    + "published outputs, which ../shared must provide");
        }
        return file;
    }
}

package org.lrppruning.io;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only material in ../shared beside the project root; missing material fails. */
final class SharedFiles {
    private SharedFiles() {}

    /** {@code ../shared/<relative>}, failing the test (never skipping it) when it is absent. */
    static Path require(String relative) {
        Path path = Path.of("..", "shared").resolve(relative);
        if (!Files.exists(path)) {
            fail("../shared/" + relative + " not found: run tests from the project root with ../shared beside it");
        }
        return path;
    }
}

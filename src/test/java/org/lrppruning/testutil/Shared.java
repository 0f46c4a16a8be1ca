package org.lrppruning.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the read-only {@code ../shared} material beside the checkout; a missing file fails the test. */
public final class Shared {
    private Shared() {}

    /** The shared folder: {@code -Dlrp.shared=DIR} or {@code ../shared} relative to the project root. */
    public static Path root() {
        String override = System.getProperty("lrp.shared");
        Path p = override != null ? Paths.get(override) : Paths.get("..", "shared");
        if (!Files.isDirectory(p)) {
            fail("../shared not found (looked at " + p.toAbsolutePath().normalize()
                    + "): run the tests from the project root with the shared folder beside the checkout");
        }
        return p;
    }

    /** A file below the shared folder, failing the test with a clear message when it is missing. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            fail("missing shared file ../shared/" + relative);
        }
        return p;
    }

    /** A JSON file below the shared folder. */
    public static JsonElement json(String relative) {
        try {
            return JsonParser.parseString(Files.readString(file(relative)));
        } catch (IOException e) {
            throw new AssertionError("cannot read ../shared/" + relative + ": " + e.getMessage(), e);
        }
    }
}

package org.lrppruning.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The NumPy / scikit-learn test vectors, copied from ../shared/testvectors into the test resources so that
 * a plain clone tests the random numbers and data sets bit for bit (the shared suite checks the copy).
 */
public final class TestVectors {
    private TestVectors() {}

    /** The folder of the copy ({@code testvectors/} on the test class path). */
    public static Path dir() {
        URL url = TestVectors.class.getResource("/testvectors/index.json");
        if (url == null) {
            fail("testvectors/index.json is not on the test class path (src/test/resources/testvectors)");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** One test-vector file by name, e.g. {@code moon-n10-s0-X.npy}. */
    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.exists(p)) {
            fail("missing test vector " + name + " in src/test/resources/testvectors");
        }
        return p;
    }

    /** {@code index.json}. */
    public static JsonElement index() {
        try {
            return JsonParser.parseString(Files.readString(file("index.json")));
        } catch (IOException e) {
            throw new AssertionError("cannot read testvectors/index.json: " + e.getMessage(), e);
        }
    }
}

package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PyFloat#reprFloat32} against NumPy's {@code repr(np.float32(x))} (table written by NumPy 1.24). */
class PyFloat32Test {
    @Test
    void float32ReprEqualsNumpyForEveryTableEntry() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("float32-repr.txt")) {
            assertThat(in).as("test resource float32-repr.txt").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSizeGreaterThan(300);
        for (String line : lines) {
            String[] f = line.split(" ");
            float x = Float.intBitsToFloat(Integer.parseInt(f[0]));
            assertThat(PyFloat.reprFloat32(x)).as("bits %s", f[0]).isEqualTo(f[1]);
            assertThat(Float.parseFloat(PyFloat.reprFloat32(x))).isEqualTo(x);
        }
    }
}

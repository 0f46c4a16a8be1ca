package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PyFormatTest {

    @Test
    void fixedRoundsTheExactBinaryValueHalfEven() {
        assertThat(PyFormat.fixed(0.125, 2)).isEqualTo("0.12");   // exact tie: half-even
        assertThat(PyFormat.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(PyFormat.fixed(2.675, 2)).isEqualTo("2.67");   // binary value lies below the tie
        assertThat(PyFormat.fixed(0.0005, 3)).isEqualTo("0.001"); // binary value lies above the tie
        assertThat(PyFormat.fixed(99.95, 2)).isEqualTo("99.95");
        assertThat(PyFormat.fixed(100.0, 2)).isEqualTo("100.00");
        assertThat(PyFormat.fixed(-0.0001, 3)).isEqualTo("-0.000");
        assertThat(PyFormat.fixed(-0.0, 3)).isEqualTo("-0.000");
        assertThat(PyFormat.fixed(1.0, 3)).isEqualTo("1.000");
        assertThat(PyFormat.fixed(-0.2344, 3)).isEqualTo("-0.234");
        assertThat(PyFormat.fixed(Double.NaN, 3)).isEqualTo("nan");
        assertThat(PyFormat.fixed(Double.NEGATIVE_INFINITY, 3)).isEqualTo("-inf");
    }

    @Test
    void reprIsPythonsShortestForm() {
        assertThat(PyFormat.repr(1.0)).isEqualTo("1.0");
        assertThat(PyFormat.repr(200.0)).isEqualTo("200.0");
        assertThat(PyFormat.repr(2.5)).isEqualTo("2.5");
        assertThat(PyFormat.repr(99.95)).isEqualTo("99.95");
        assertThat(PyFormat.repr(75.05)).isEqualTo("75.05");
        assertThat(PyFormat.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PyFormat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFormat.repr(0.00001)).isEqualTo("1e-05");
        assertThat(PyFormat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFormat.repr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PyFormat.repr(-0.0)).isEqualTo("-0.0");
        assertThat(PyFormat.repr(1.5e-300)).isEqualTo("1.5e-300");
        assertThat(PyFormat.repr(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void agreesWithPythonOnRandomValues() {
        assumeTrue(Python.has("sys"), "python3 not available");
        SplittableRandom rnd = new SplittableRandom(7);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double scale = Math.pow(10, rnd.nextInt(-8, 18));
            xs.add((rnd.nextDouble() - 0.3) * scale);
            xs.add(Math.round(rnd.nextDouble() * 8000) / 8000.0); // many exact ties at 3 decimals
        }
        StringBuilder in = new StringBuilder();
        for (double x : xs) {
            in.append(Double.toHexString(x)).append('\n');
        }
        String out = Python.run("import sys\nfor l in sys.stdin.read().split():\n"
                + "    x = float.fromhex(l)\n    print(repr(x), '{:.3f}'.format(x), '{:.2f}'.format(x))\n", in.toString());
        assertThat(out).isNotNull();
        String[] lines = out.split("\n");
        for (int i = 0; i < xs.size(); i++) {
            double x = xs.get(i);
            assertThat(PyFormat.repr(x) + " " + PyFormat.fixed(x, 3) + " " + PyFormat.fixed(x, 2))
                    .as("x = %s", Double.toHexString(x)).isEqualTo(lines[i]);
        }
    }
}

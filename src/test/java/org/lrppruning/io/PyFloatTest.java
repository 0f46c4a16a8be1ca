package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks PyFloat against tables of Python's own output (made by make_pyfloat_tables.py beside
 * them): every line must match.
 */
class PyFloatTest {

    @Test
    void reprMatchesPythonOnTheWholeTable() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int lines = 0;
        for (String[] row : table("pyfloat-repr.tsv", 2)) {
            double x = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));
            String got = PyFloat.repr(x);
            if (!got.equals(row[1])) {
                mismatches.add(row[0] + ": python " + row[1] + ", java " + got);
            }
            lines++;
        }
        assertThat(lines).isGreaterThan(30_000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void formatMatchesPythonOnTheWholeTable() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int lines = 0;
        for (String[] row : table("pyfloat-format.tsv", 3)) {
            double x = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));
            String got = PyFloat.format(x, Integer.parseInt(row[1]));
            if (!got.equals(row[2])) {
                mismatches.add(row[0] + " .{" + row[1] + "}f: python " + row[2] + ", java " + got);
            }
            lines++;
        }
        assertThat(lines).isGreaterThan(10_000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void reprExamples() {
        assertThat(PyFloat.repr(100.0)).isEqualTo("100.0");
        assertThat(PyFloat.repr(89.60000000000001)).isEqualTo("89.60000000000001");
        assertThat(PyFloat.repr(97.1)).isEqualTo("97.1");
        assertThat(PyFloat.repr(75.05)).isEqualTo("75.05");
        assertThat(PyFloat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFloat.repr(1e-05)).isEqualTo("1e-05");
        assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFloat.repr(1.5e16)).isEqualTo("1.5e+16");
        assertThat(PyFloat.repr(9999999999999998.0)).isEqualTo("9999999999999998.0");
        assertThat(PyFloat.repr(-0.0)).isEqualTo("-0.0");
        assertThat(PyFloat.repr(Double.NaN)).isEqualTo("nan");
        assertThat(PyFloat.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(PyFloat.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        // Java 17 prints these with more digits than needed: 4.9E-324, 2.0000000000000002E23.
        assertThat(PyFloat.repr(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(PyFloat.repr(2e23)).isEqualTo("2e+23");
        assertThat(PyFloat.repr(1.0 / 3 * 100)).isEqualTo("33.33333333333333");
    }

    @Test
    void formatExamples() {
        assertThat(PyFloat.format(97.125, 2)).isEqualTo("97.12");
        assertThat(PyFloat.format(0.375, 2)).isEqualTo("0.38");
        assertThat(PyFloat.format(2.675, 2)).isEqualTo("2.67");
        assertThat(PyFloat.format(2.5, 0)).isEqualTo("2");
        assertThat(PyFloat.format(-0.001, 2)).isEqualTo("-0.00");
        assertThat(PyFloat.format(100.0, 3)).isEqualTo("100.000");
        assertThat(PyFloat.format(Double.NaN, 2)).isEqualTo("nan");
        assertThat(PyFloat.format(Double.NEGATIVE_INFINITY, 2)).isEqualTo("-inf");
        assertThatThrownBy(() -> PyFloat.format(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String[]> table(String name, int columns) throws IOException {
        InputStream in = PyFloatTest.class.getResourceAsStream(name);
        assertThat(in).as("test resource %s", name).isNotNull();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] row = line.split("\t");
                assertThat(row).as("line %s", line).hasSize(columns);
                rows.add(row);
            }
        }
        return rows;
    }
}

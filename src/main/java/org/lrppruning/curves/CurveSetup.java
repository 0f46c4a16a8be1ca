package org.lrppruning.curves;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.model.Shapes;

/**
 * A curves folder's {@code setup.txt}: everything the logged values depend on (the model's digest, the data's
 * and the test set's fingerprints, the grid, the composite and box, the fine-tuning budget), one {@code key: value}
 * line each. A folder is appended to only by a run of the same setup; lines starting with {@code #} are notes
 * (how the data was named) and are not compared, so shards run with data at other paths still merge.
 */
final class CurveSetup {
    /** The setup file of a curves folder. */
    static final String FILE = "setup.txt";
    private static final String HEADER = "# lrp-pruning curves: a run appends to this folder only with the same setup\n";

    private CurveSetup() {}

    /** The setup text of a spec. */
    static String text(CurveSpec s) {
        StringBuilder b = new StringBuilder(HEADER);
        Network m = s.model();
        b.append("model: ").append(digest(m)).append(" (").append(m.unitTotal()).append(" prunable units ")
                .append(Arrays.stream(m.unitCounts()).mapToObj(Integer::toString).collect(Collectors.joining("+")))
                .append(", ").append(m.parameterCount()).append(" parameters)\n");
        b.append("# data given as: ").append(s.dataName()).append('\n');
        b.append("data: ").append(describe(s.data())).append('\n');
        b.append("# test given as: ").append(s.testName()).append('\n');
        b.append("test: ").append(describe(s.test())).append('\n');
        b.append("criteria: ").append(String.join(",", s.criteria())).append('\n');
        b.append("composite: ").append(s.composite() == null ? "default" : s.composite()).append('\n');
        b.append("box: ").append(Arrays.toString(s.box().low())).append(' ').append(Arrays.toString(s.box().high()))
                .append('\n');
        b.append("rates: ").append(String.join(",", s.rates())).append('\n');
        b.append("n: ").append(join(s.perClass())).append('\n');
        b.append("seeds: ").append(join(s.seeds())).append('\n');
        if (s.masked()) { // only then: the folders of removal curves keep their setup text
            b.append("scope: masked filters (every conv on its own, weights zeroed, BatchNorm kept)\n");
        }
        CurveSpec.FineTune f = s.fineTune();
        b.append("finetune: ").append(f == null ? "none"
                : String.format(Locale.ROOT, "%d mini-batches of %d per step, Adam lr %s constant, n %s, seeds %s",
                        f.steps(), f.batch(), Float.toString(f.learningRate()), join(f.perClass()), join(f.seeds())))
                .append('\n');
        if (s.precision() == Explainer.Precision.FLOAT32) {
            b.append("precision: float32\n"); // absent for float64, so the folders of earlier runs resume
        }
        return b.toString();
    }

    /**
     * Refuses a folder whose setup differs from {@code expected}, or that holds files but no setup; returns whether
     * the setup file exists already.
     */
    static boolean check(Path dir, String expected) throws IOException {
        return check(dir, expected, "this run");
    }

    /** As {@link #check(Path, String)}, {@code whose} naming where {@code expected} comes from in a message. */
    static boolean check(Path dir, String expected, String whose) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder for curves");
        }
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    List<Path> other = files.filter(p -> !p.getFileName().toString().startsWith(CurveLog.LOG + ".lock"))
                            .toList();
                    if (!other.isEmpty()) {
                        throw new IllegalArgumentException(dir + " holds files but no " + FILE + " of curves (e.g. "
                                + other.get(0).getFileName() + "); give an empty or new folder");
                    }
                }
            }
            return false;
        }
        String found = read(f);
        String diff = firstDifference(found, expected, "it", whose);
        if (diff != null) {
            // folders of float64 runs (the default before float32) have no precision line
            String hint = diff.contains("precision: float32") && !found.contains("\nprecision: ")
                    ? "; it was scored in float64: add --precision float64 to resume it" : "";
            throw new IllegalArgumentException(f + " was written for another setup (" + diff
                    + "); give another folder to keep both" + hint);
        }
        return true;
    }

    /**
     * The first differing line of two setups (notes ignored) as "FOUNDNAME has 'key: a', EXPECTEDNAME 'key: b'", or
     * null when equal: each value quoted with the name of the setup it comes from.
     */
    static String firstDifference(String found, String expected, String foundName, String expectedName) {
        List<String> a = facts(found);
        List<String> b = facts(expected);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(nothing)";
            String y = i < b.size() ? b.get(i) : "(nothing)";
            if (!x.equals(y)) {
                return foundName + " has '" + abbreviate(x) + "', " + expectedName + " '" + abbreviate(y) + "'";
            }
        }
        return null;
    }

    static String read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(f.getParent() + " is not a curves folder (no " + FILE + ")");
        }
        if (Files.size(f) > 1 << 20) {
            throw new IllegalArgumentException(f + " is not a setup of curves (too large)");
        }
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (!text.startsWith(HEADER)) {
            throw new IllegalArgumentException(f + " is not a setup of curves");
        }
        return text;
    }

    private static List<String> facts(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            if (!l.isBlank() && !l.startsWith("#")) {
                out.add(l.strip());
            }
        }
        return out;
    }

    /** "60000 samples of 1x28x28, 10 classes, fingerprint F". */
    private static String describe(LabeledData d) {
        return d.size() + " samples of " + Shapes.format(d.sampleShape()) + ", " + d.classCount()
                + " classes, fingerprint " + d.fingerprint();
    }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * SHA-256 (first 16 hex digits) over the model's input shape, its prunable units, every layer's description and
     * every parameter's bits: the same model read from ONNX or npz gives the same digest.
     */
    static String digest(Network net) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((Shapes.format(net.inputShape()) + ";" + net.units() + ";").getBytes(StandardCharsets.UTF_8));
            for (Layer l : net.layers()) {
                md.update((l.getClass().getSimpleName() + ":" + l + ";").getBytes(StandardCharsets.UTF_8));
                if (l instanceof Affine a) {
                    update(md, a.weight());
                    update(md, a.bias());
                } else if (l instanceof BatchNorm bn) {
                    update(md, bn.gamma());
                    update(md, bn.beta());
                    update(md, bn.mean());
                    update(md, bn.var());
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void update(MessageDigest md, float[] v) {
        if (v == null) {
            md.update((byte) 0);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(v.length);
        for (float x : v) {
            b.putInt(Float.floatToRawIntBits(x));
        }
        md.update(b.array());
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}

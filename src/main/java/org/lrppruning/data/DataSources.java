package org.lrppruning.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one entry point for {@code --data}, {@code --refs} and {@code --test}: parses a data spec,
 * reads the files and checks them. The forms (docs/data.md):
 * <ul>
 *   <li>{@code NAME.npy}: the pair {@code NAME-X.npy} (samples) and {@code NAME-y.npy} (labels);</li>
 *   <li>{@code FILE.csv}: features then the label on each row, header optional;</li>
 *   <li>an IDX images file ({@code …-images-idx3-ubyte[.gz]}) with its labels file beside it
 *       ({@code …-labels-idx1-ubyte[.gz]});</li>
 *   <li>{@code SAMPLES,LABELS}: both files named, each a {@code .npy} array or an IDX file;</li>
 *   <li>{@code fashion-mnist} (training split) or {@code fashion-mnist:test}, from Debian's
 *       {@code dataset-fashion-mnist}.</li>
 * </ul>
 * Byte images become {@code pixel / 255f}; then {@link DataOptions#normalize()} applies. Every
 * problem is a {@link DataException} naming the file: nothing else escapes for bad input.
 */
public final class DataSources {
    /** The accepted forms, for messages. */
    public static final String FORMS = "NAME.npy (NAME-X.npy + NAME-y.npy), FILE.csv, an IDX images file"
            + " (…-images-idx3-ubyte[.gz], labels beside it), SAMPLES,LABELS (.npy or IDX each),"
            + " fashion-mnist, fashion-mnist:test";
    private static final String FASHION = "fashion-mnist";
    private static final Pattern IDX_NAME = Pattern.compile("(?i).*(idx[0-9].*|-ubyte|\\.idx)");

    private DataSources() {}

    /**
     * Loads the data {@code spec} names; {@code options} null means {@link DataOptions#NONE}.
     *
     * @throws DataException for an unknown form, a missing or malformed file, sample and label
     *     counts that differ, no samples, a negative label, or NaN/Inf values (also after
     *     normalisation)
     */
    public static LabeledData load(String spec, DataOptions options) {
        DataOptions opts = options == null ? DataOptions.NONE : options;
        String s = spec == null ? "" : spec.strip();
        for (Path f : files(s)) {
            // a device or pipe (/dev/zero) could be endless: refused before it is opened
            if (Files.exists(f) && !Files.isRegularFile(f)) {
                throw new DataException(f.toString(), Files.isDirectory(f) ? "is a directory, expected a data file"
                        : "not a regular file (a device, pipe or socket), expected a data file");
            }
        }
        LabeledData data;
        String what;
        if (isFashionMnist(s)) {
            data = FashionMnist.load(s.endsWith(":test"));
            what = s;
        } else if (s.startsWith(FASHION + ":")) {
            throw new DataException(s, "unknown split '" + s.substring(FASHION.length() + 1)
                    + "' (fashion-mnist or fashion-mnist:test)");
        } else if (s.contains(",")) {
            String[] parts = s.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw unknown(s);
            }
            Path xs = path(parts[0].strip(), s);
            Path ys = path(parts[1].strip(), s);
            data = combine(xs.toString(), features(xs), ys.toString(), labels(ys));
            what = xs.toString();
        } else if (lower(s).endsWith(".npy")) {
            Path file = path(s, s);
            Path xs = NpyPair.featuresFile(file);
            Path ys = NpyPair.labelsFile(file);
            if (!Files.exists(xs) && file.getFileName().toString().endsWith("-X.npy") && Files.exists(file)) {
                xs = file; // NAME-X.npy named directly
                String n = file.getFileName().toString();
                ys = file.resolveSibling(n.substring(0, n.length() - "-X.npy".length()) + "-y.npy");
            } else if (!Files.exists(xs)) {
                throw new DataException(s, "no " + xs + " (NAME.npy stands for the pair NAME-X.npy, NAME-y.npy)");
            }
            data = combine(xs.toString(), NpyPair.features(xs), ys.toString(), NpyPair.labels(ys));
            what = xs.toString();
        } else if (lower(s).endsWith(".csv")) {
            Path file = path(s, s);
            data = CsvData.read(file);
            what = file.toString();
            if (data.size() == 0) {
                throw new DataException(what, "holds no samples");
            }
        } else if (IDX_NAME.matcher(stripGz(path(s, s).getFileName().toString())).matches()) {
            Path images = path(s, s);
            Features f = IdxReader.images(images); // its own problems first, then the labels'
            Path labels = labelsBeside(images);
            data = combine(images.toString(), f, labels.toString(), IdxReader.labels(labels));
            what = images.toString();
        } else {
            throw unknown(s);
        }
        checkNonNegative(data, what);
        if (opts.normalize() != null) {
            try {
                opts.normalize().applyInPlace(data);
            } catch (IllegalArgumentException e) {
                throw new DataException(what, e.getMessage());
            }
        }
        checkFinite(data, what, opts.normalize() != null);
        return data;
    }

    /**
     * The files {@code spec} reads (as far as its form tells; none for a form that is not valid), so that a
     * command can refuse to write over its own input.
     */
    public static java.util.List<Path> files(String spec) {
        String s = spec == null ? "" : spec.strip();
        java.util.List<Path> files = new java.util.ArrayList<>();
        try {
            if (isFashionMnist(s)) {
                boolean test = s.endsWith(":test");
                files.add(FashionMnist.images(test));
                files.add(FashionMnist.labels(test));
            } else if (s.contains(",")) {
                for (String part : s.split(",", -1)) {
                    if (!part.isBlank()) {
                        files.add(Path.of(part.strip()));
                    }
                }
            } else if (lower(s).endsWith(".npy")) {
                Path file = Path.of(s);
                files.add(file);
                files.add(NpyPair.featuresFile(file));
                files.add(NpyPair.labelsFile(file));
                String n = String.valueOf(file.getFileName());
                if (n.endsWith("-X.npy")) {
                    files.add(file.resolveSibling(n.substring(0, n.length() - "-X.npy".length()) + "-y.npy"));
                }
            } else if (!s.isEmpty()) {
                Path file = Path.of(s);
                files.add(file);
                String name = String.valueOf(file.getFileName());
                if (IDX_NAME.matcher(stripGz(name)).matches() && name.contains("images")) {
                    String base = stripGz(name).replace("images", "labels").replace("idx3", "idx1").replace("idx4", "idx1");
                    files.add(file.resolveSibling(base));
                    files.add(file.resolveSibling(base + ".gz"));
                }
            }
        } catch (InvalidPathException e) {
            // not a path: nothing it could read
        }
        return files;
    }

    /** Whether {@code spec} names Debian's Fashion-MNIST ({@code fashion-mnist[:train]} or {@code fashion-mnist:test}). */
    public static boolean isFashionMnist(String spec) {
        String s = spec == null ? "" : spec.strip();
        return s.equals(FASHION) || s.equals(FASHION + ":train") || s.equals(FASHION + ":test");
    }

    /**
     * Checks that every label is a class of a model with {@code classes} outputs.
     *
     * @param what names the data in the message (its spec or path)
     * @throws DataException naming the first label outside [0, classes)
     */
    public static void checkLabels(LabeledData data, int classes, String what) {
        int[] y = data.labels();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new DataException(what, "label " + y[i] + " of sample " + i + " is outside the model's "
                        + classes + " classes (0.." + (classes - 1) + ")");
            }
        }
    }

    /** Samples and labels read from two files, with the counts checked. */
    static LabeledData combine(String samplesWhat, Features f, String labelsWhat, int[] labels) {
        checkNonNegative(labels, labelsWhat); // the labels file holds them, not the samples file
        if (f.count() != labels.length) {
            throw new DataException(samplesWhat, f.count() + " samples but " + labelsWhat + " holds "
                    + labels.length + " labels");
        }
        if (f.count() == 0) {
            throw new DataException(samplesWhat, "holds no samples");
        }
        for (int d : f.sampleShape()) {
            if (d == 0) {
                throw new DataException(samplesWhat, "its samples of shape "
                        + LabeledData.shapeString(f.sampleShape()) + " hold no values");
            }
        }
        return new LabeledData(f.x(), f.sampleShape(), labels);
    }

    /** The samples of one file of the explicit pair: .npy or IDX. */
    private static Features features(Path file) {
        return lower(file.toString()).endsWith(".npy") ? NpyPair.features(file) : IdxReader.images(file);
    }

    /** The labels of one file of the explicit pair: .npy or IDX. */
    private static int[] labels(Path file) {
        return lower(file.toString()).endsWith(".npy") ? NpyPair.labels(file) : IdxReader.labels(file);
    }

    /**
     * The labels file beside an IDX images file: "images" → "labels" and "idx3"/"idx4" → "idx1" in
     * the name, with the images file's compression first, then the other one.
     */
    static Path labelsBeside(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images")) {
            throw new DataException(images, "cannot tell its labels file (no 'images' in the name to replace by"
                    + " 'labels'); name both as IMAGES,LABELS");
        }
        boolean gz = lower(name).endsWith(".gz");
        String base = stripGz(name).replace("images", "labels").replace("idx3", "idx1").replace("idx4", "idx1");
        Path first = images.resolveSibling(gz ? base + ".gz" : base);
        Path second = images.resolveSibling(gz ? base : base + ".gz");
        if (Files.exists(first)) {
            return first;
        }
        if (Files.exists(second)) {
            return second;
        }
        throw new DataException(images, "no labels file beside it (looked for " + first.getFileName()
                + "); name both as IMAGES,LABELS");
    }

    private static void checkNonNegative(LabeledData data, String what) {
        checkNonNegative(data.labels(), what);
    }

    private static void checkNonNegative(int[] y, String what) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                throw new DataException(what, "label " + y[i] + " of sample " + i + " is negative");
            }
        }
    }

    private static void checkFinite(LabeledData data, String what, boolean normalized) {
        float[] x = data.x();
        for (int k = 0; k < x.length; k++) {
            if (!Float.isFinite(x[k])) {
                int per = data.sampleSize();
                throw new DataException(what, "sample " + k / per + " holds " + (Float.isNaN(x[k]) ? "NaN" : "an infinite value")
                        + " at position " + k % per + (normalized ? " (after --normalize)" : "")
                        + "; only finite values are allowed");
            }
        }
    }

    private static DataException unknown(String spec) {
        return new DataException(spec.isEmpty() ? "--data ''" : spec, "unknown data form; expected " + FORMS);
    }

    private static Path path(String text, String spec) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new DataException(spec, "not a valid path (" + e.getReason() + ")");
        }
    }

    private static String stripGz(String name) {
        return lower(name).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

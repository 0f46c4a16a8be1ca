package org.lrppruning.cli;

import java.util.Arrays;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.lrp.Composites;
import picocli.CommandLine.Option;

/**
 * The criterion options of {@code scores} and {@code prune} ({@code @Mixin CriterionArgs criterion;}):
 * {@code -c}, {@code --composite} and {@code --box}, the input range of z^B rules (default: the range
 * [0, 1] of the data before {@code --normalize}, after it).
 */
final class CriterionArgs {
    @Option(names = {"-c", "--criterion"}, required = true, paramLabel = "CRITERION",
            description = "weight, grad, taylor or lrp (also lrp-epsilon, lrp-alpha2beta1, lrp-gamma).")
    String name;

    @Option(names = "--composite", paramLabel = "NAME",
            description = "The LRP composite of -c lrp (default: lrp-pruning on a CNN, paper on an MLP).")
    String composite;

    @Option(names = "--box", paramLabel = "LOW,HIGH",
            description = "Input bounds of z-box rules (default: [0, 1] mapped by --normalize).")
    String box;

    /** The criterion; the box from {@code --box}, else from {@code --normalize} of {@code data}. */
    Criterion criterion(DataArgs data) {
        return Criteria.of(name, new Criteria.Options(composite, box(data.normalize)));
    }

    private Composites.Box box(String normalize) {
        if (box != null) {
            double[] v = numbers("--box", box);
            if (v.length != 2) {
                throw new IllegalArgumentException("--box '" + box + "': expected LOW,HIGH");
            }
            try {
                return new Composites.Box(new double[] {v[0]}, new double[] {v[1]});
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--box '" + box + "': " + e.getMessage());
            }
        }
        if (normalize == null) {
            return Composites.Box.UNIT;
        }
        // From the decimal text, not the float32 values: the bounds (0 − mean)/std are computed in float64.
        double[] v = numbers("--normalize", normalize);
        int c = v.length / 2;
        return Composites.Box.normalized(Arrays.copyOfRange(v, 0, c), Arrays.copyOfRange(v, c, v.length));
    }

    private static double[] numbers(String option, String text) {
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + text + "': '" + parts[i].strip() + "' is not a number");
            }
        }
        return v;
    }
}

package org.lrppruning.experiment;

/** One evaluation of a run: scenario (train, test) and stage (pre, post) with its accuracy in percent. */
public record Evaluation(String scenario, String stage, double accuracy) {
    /** The reference's accuracy: correct / count · 100, in that order (the order shows in the last digit). */
    public static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / (double) labels.length * 100;
    }
}

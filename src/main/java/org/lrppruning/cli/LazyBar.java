package org.lrppruning.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (ASCII, speed, twice a second) that exists once {@link #start} was called with something
 * to show: the grid commands know their work only when the run starts. Steps before that, or without a bar, do nothing.
 */
final class LazyBar implements AutoCloseable {
    private ProgressBar bar;

    /** The commands' bar style over {@code max} steps. */
    static ProgressBar of(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /** Shows the bar if {@code show} and there is work. */
    void start(boolean show, String task, long max) {
        if (show && max > 0) {
            bar = of(task, max);
        }
    }

    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.study.CnnStudy;

/** {@code reproduce --cnn}'s console: the study's lines on stdout, the model cache's lines and the bars on stderr. */
final class CnnStudyConsole extends DataModels.Console implements CnnStudy.Listener {
    private final CnnStudy.Listener lines;
    private final boolean progress;
    private final LazyBar curves = new LazyBar();

    CnnStudyConsole(PrintWriter o, PrintWriter err, boolean progress) {
        super(progress, err);
        // flushed line by line, so that they interleave with stderr's in order
        this.lines = CnnStudy.printing(line -> {
            o.println(line);
            o.flush();
        });
        this.progress = progress;
    }

    @Override
    public void started(CnnStudy.Settings s) {
        lines.started(s);
    }

    @Override
    public void stage(int number, String title) {
        lines.stage(number, title);
    }

    @Override
    public void detail(String line) {
        lines.detail(line);
    }

    @Override
    public void start(int curveCount, int skipped, long points) {
        curves.start(progress, "curves", points);
    }

    @Override
    public void point(CurvePoint p) {
        curves.step();
    }

    @Override
    public void curvesEnded() {
        curves.close();
    }

    @Override
    public void finished(String verdict, double seconds, Path report) {
        lines.finished(verdict, seconds, report);
    }
}

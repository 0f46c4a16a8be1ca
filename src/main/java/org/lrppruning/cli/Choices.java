package org.lrppruning.cli;

import java.util.Iterator;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.report.FigureFormat;

/**
 * The names an option accepts, read from the one registry that accepts them, as picocli completion
 * candidates: a description's {@code ${COMPLETION-CANDIDATES}} then lists exactly those names.
 */
final class Choices {
    private Choices() {}

    /** The data sets of {@link Dataset}. */
    static final class Datasets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Dataset.ids().iterator();
        }
    }

    /** The criteria of the {@link Criteria} registry. */
    static final class CriterionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Criteria.ids().iterator();
        }
    }

    /** The network architectures of {@link Architecture}. */
    static final class Architectures implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Architecture.ids().iterator();
        }
    }

    /** The colormaps of {@link Colormaps}. */
    static final class ColormapNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Colormaps.names().iterator();
        }
    }

    /** The render modes of a single run ({@link RunCommand.RenderMode}). */
    static final class RunRenderModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return RunCommand.RenderMode.ids().iterator();
        }
    }

    /** The render modes of an analysis ({@link FigureFormat#renderModes()}). */
    static final class AnalysisRenderModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FigureFormat.renderModes().iterator();
        }
    }
}

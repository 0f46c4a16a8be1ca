package org.lrppruning.cli;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.report.FigureFormat;

/**
 * The names an option accepts, read from the one registry that accepts them, as picocli completion
 * candidates: a description's {@code ${COMPLETION-CANDIDATES}} then lists exactly those names.
 */
final class Choices {
    private Choices() {}

    /** Candidates read from a registry each time picocli asks. */
    private abstract static class Names implements Iterable<String> {
        private final Supplier<List<String>> registry;

        Names(Supplier<List<String>> registry) {
            this.registry = registry;
        }

        @Override
        public Iterator<String> iterator() {
            return registry.get().iterator();
        }
    }

    /** The data sets of {@link Dataset}. */
    static final class Datasets extends Names {
        Datasets() {
            super(Dataset::ids);
        }
    }

    /** The criteria of the {@link Criteria} registry. */
    static final class CriterionNames extends Names {
        CriterionNames() {
            super(Criteria::all);
        }
    }

    /** The toy experiment's network architectures of {@link Architecture}. */
    static final class Architectures extends Names {
        Architectures() {
            super(Architecture::toyIds);
        }
    }

    /** The LRP composites of {@link Composites}. */
    static final class CompositeNames extends Names {
        CompositeNames() {
            super(Composites::ids);
        }
    }

    /** The colormaps of {@link Colormaps}. */
    static final class ColormapNames extends Names {
        ColormapNames() {
            super(Colormaps::names);
        }
    }

    /** The render modes of a single run ({@link RunCommand.RenderMode}). */
    static final class RunRenderModes extends Names {
        RunRenderModes() {
            super(RunCommand.RenderMode::ids);
        }
    }

    /** The render modes of an analysis ({@link FigureFormat#renderModes()}). */
    static final class AnalysisRenderModes extends Names {
        AnalysisRenderModes() {
            super(FigureFormat::renderModes);
        }
    }
}

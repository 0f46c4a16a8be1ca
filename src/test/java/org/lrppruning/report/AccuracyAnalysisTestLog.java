package org.lrppruning.report;

/** A small hand-written accuracy log whose statistics are checked by hand in the tests. */
public final class AccuracyAnalysisTestLog {
    private AccuracyAnalysisTestLog() {}

    /**
     * moon (K = 2), seeds 0 and 1, npc 1 (n:2) and 5 (n:10), criteria lrp and weight. Line 3 and
     * line 13 are malformed, line 8 is empty (ignored). Hand-checked: lrp npc 1 train post 98, 94 →
     * 96 ± 2; weight npc 1 train post 99, 99 → 99 ± 0 (best); lrp npc 5 train post 100, 100 (best);
     * unpruned test npc 1: 90, 92, 90, 92 → 91 ± 1; lrp npc 1 test post 88, 84 → 86 ± 2.
     */
    public static final String LOG = """
            dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0
            dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:pre 90.0
            this line is broken
            dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post 98.0
            dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post 88.0
            dataset:moon-criterion:lrp-n:2-s:1-scenario:train-stage:pre 100.0
            dataset:moon-criterion:lrp-n:2-s:1-scenario:test-stage:pre 92.0

            dataset:moon-criterion:lrp-n:2-s:1-scenario:train-stage:post 94.0
            dataset:moon-criterion:lrp-n:2-s:1-scenario:test-stage:post 84.0
            dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:pre 100.0
            dataset:moon-criterion:weight-n:2-s:0-scenario:test-stage:pre 90.0
            dataset:moon-criterion:weight-n:x-s:0-scenario:train-stage:post 99.0
            dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:post 99.0
            dataset:moon-criterion:weight-n:2-s:0-scenario:test-stage:post 89.0
            dataset:moon-criterion:weight-n:2-s:1-scenario:train-stage:pre 100.0
            dataset:moon-criterion:weight-n:2-s:1-scenario:test-stage:pre 92.0
            dataset:moon-criterion:weight-n:2-s:1-scenario:train-stage:post 99.0
            dataset:moon-criterion:weight-n:2-s:1-scenario:test-stage:post 89.0
            dataset:moon-criterion:lrp-n:10-s:0-scenario:train-stage:pre 100.0
            dataset:moon-criterion:lrp-n:10-s:0-scenario:test-stage:pre 91.0
            dataset:moon-criterion:lrp-n:10-s:0-scenario:train-stage:post 100.0
            dataset:moon-criterion:lrp-n:10-s:0-scenario:test-stage:post 91.0
            dataset:moon-criterion:lrp-n:10-s:1-scenario:train-stage:pre 100.0
            dataset:moon-criterion:lrp-n:10-s:1-scenario:test-stage:pre 93.0
            dataset:moon-criterion:lrp-n:10-s:1-scenario:train-stage:post 100.0
            dataset:moon-criterion:lrp-n:10-s:1-scenario:test-stage:post 93.0
            dataset:moon-criterion:weight-n:10-s:0-scenario:train-stage:pre 100.0
            dataset:moon-criterion:weight-n:10-s:0-scenario:test-stage:pre 91.0
            dataset:moon-criterion:weight-n:10-s:0-scenario:train-stage:post 99.0
            dataset:moon-criterion:weight-n:10-s:0-scenario:test-stage:post 90.0
            dataset:moon-criterion:weight-n:10-s:1-scenario:train-stage:pre 100.0
            dataset:moon-criterion:weight-n:10-s:1-scenario:test-stage:pre 93.0
            dataset:moon-criterion:weight-n:10-s:1-scenario:train-stage:post 99.0
            dataset:moon-criterion:weight-n:10-s:1-scenario:test-stage:post 92.0
            """;

}

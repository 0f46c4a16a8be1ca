package org.lrppruning.experiment;

/**
 * The grammar of one kind of result log for {@link LogFile}, {@link LogIndex} and merges: which text lines are
 * complete lines, torn beginnings of one, or foreign; and a line's key (its evaluation's name: one value per
 * name) and value. {@link LogLines#GRAMMAR} is the toy's (spec section 6); the curves log has its own.
 */
public interface LineGrammar {
    /** Classifies one line (without its newline); a proper beginning of a complete line must be a PREFIX. */
    LogLines.Shape shape(CharSequence line);

    /** The key of a complete line. */
    String name(String line);

    /** The value of a complete line (what must agree when the same name is logged twice). */
    String value(String line);
}

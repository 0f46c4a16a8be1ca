package org.lrppruning.cli;

/** Entry point of the command line tool. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("lrp-pruning");
    }
}

package org.lrppruning.sweep;

import java.util.ArrayList;
import java.util.List;

/** Shard i of N (0-based): the runs whose position in the grid is i modulo N, so shards balance data sets. */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("invalid shard " + index + "/" + count + " (use i/N with 0 <= i < N)");
        }
    }

    /** Parses "i/N". */
    public static Shard parse(String s) {
        String[] p = s.split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("invalid shard '" + s + "' (use i/N with 0 <= i < N, e.g. 0/4)");
    }

    /** This shard's part of the list, in list order. */
    public <T> List<T> select(List<T> all) {
        List<T> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += count) {
            mine.add(all.get(i));
        }
        return mine;
    }
}

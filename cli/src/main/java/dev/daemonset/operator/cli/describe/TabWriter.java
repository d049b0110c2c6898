package dev.daemonset.operator.cli.describe;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells as kubectl describe does (Go's text/tabwriter with minwidth 0, padding 2, spaces):
 * a column's width is set per block of consecutive lines that all have a tab-terminated cell in that column, so a
 * line without a tab ends every block. The text after a line's last tab is not aligned. {@link #flush} ends the
 * blocks too, as kubectl flushes before its Events table.
 */
final class TabWriter {
    private static final int PADDING = 2;

    private final StringBuilder done = new StringBuilder();
    private final List<String[]> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    /** Appends text; lines end with {@code \n}. */
    TabWriter write(String text) {
        partial.append(text);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, nl).split("\t", -1));
            partial.delete(0, nl + 1);
        }
        return this;
    }

    TabWriter flush() {
        int[][] widths = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            widths[i] = new int[Math.max(0, lines.get(i).length - 1)];
        }
        format(0, lines.size(), 0, widths);
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i);
            for (int c = 0; c < cells.length - 1; c++) {
                done.append(cells[c]).append(" ".repeat(Math.max(0, widths[i][c] - cells[c].length())));
            }
            done.append(cells[cells.length - 1]).append('\n');
        }
        lines.clear();
        return this;
    }

    private void format(int from, int to, int column, int[][] widths) {
        int i = from;
        while (i < to) {
            if (column >= lines.get(i).length - 1) {
                i++;
                continue;
            }
            int end = i;
            int width = 0;
            while (end < to && column < lines.get(end).length - 1) {
                width = Math.max(width, lines.get(end)[column].length() + PADDING);
                end++;
            }
            for (int k = i; k < end; k++) {
                widths[k][column] = width;
            }
            format(i, end, column + 1, widths);
            i = end;
        }
    }

    @Override
    public String toString() {
        flush();
        return done.toString() + partial;
    }
}

package skiff.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's human table output cut into cells. Column boundaries come from where the header's names start, as
 * kubectl aligns every cell under its header; names may contain single spaces ({@code NOMINATED NODE}).
 */
record KubectlTable(List<String> header, List<List<String>> rows) {

    static KubectlTable parse(String stdout) {
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            fail("expected a table but kubectl printed nothing");
        }
        String headerLine = lines.getFirst();
        List<Integer> starts = columnStarts(headerLine);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(cut(line, starts));
        }
        return new KubectlTable(cut(headerLine, starts), List.copyOf(rows));
    }

    /** The cells of one line as {@code kubectl get -w} prints them: separated by at least two spaces. */
    static List<String> cells(String line) {
        return List.of(line.trim().split("\\s{2,}"));
    }

    /** The cells of the row whose column {@code column} holds {@code value}; fails if there is none. */
    List<String> rowWhere(String column, String value) {
        int i = indexOf(column);
        return rows.stream().filter(r -> r.get(i).equals(value)).findFirst()
                .orElseGet(() -> fail("no row with %s=%s in %s", column, value, this));
    }

    /** The cells of column {@code column}, top to bottom. */
    List<String> column(String column) {
        int i = indexOf(column);
        return rows.stream().map(r -> r.get(i)).toList();
    }

    private int indexOf(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            fail("no column %s in %s", column, header);
        }
        return i;
    }

    private static List<Integer> columnStarts(String header) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 2; i < header.length(); i++) {
            if (header.charAt(i) != ' ' && header.charAt(i - 1) == ' ' && header.charAt(i - 2) == ' ') {
                starts.add(i);
            }
        }
        return starts;
    }

    private static List<String> cut(String line, List<Integer> starts) {
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < starts.size(); c++) {
            int from = Math.min(starts.get(c), line.length());
            int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
            cells.add(line.substring(from, to).trim());
        }
        return List.copyOf(cells);
    }
}

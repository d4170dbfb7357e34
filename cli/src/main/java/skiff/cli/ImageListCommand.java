package skiff.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import skiff.image.ImageReference;
import skiff.image.StoredImage;

/** {@code skiff image ls}: the images, in the columns {@code crictl images} prints. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the images.")
final class ImageListCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Override
    public Integer call() throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<StoredImage> images = parent.hasStore() ? parent.store().images() : List.of();
        for (StoredImage image : images) {
            String id = image.configDigest().hex().substring(0, 13);
            String size = humanSize(image.size());
            if (image.names().isEmpty()) {
                rows.add(new String[] {"<none>", "<none>", id, size});
            }
            for (String name : image.names()) {
                ImageReference ref = ImageReference.parse(name);
                rows.add(new String[] {ref.name(), ref.tag() == null ? "<none>" : ref.tag(), id, size});
            }
        }
        rows.sort(Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[1]));
        rows.add(0, new String[] {"IMAGE", "TAG", "IMAGE ID", "SIZE"});
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 3));
            }
            out.println(line.append(row[3]));
        }
        out.flush();
        return 0;
    }

    /** Decimal units with four significant digits, as crictl prints sizes (go-units HumanSize). */
    static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString() + units[unit];
    }
}

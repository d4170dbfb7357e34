package skiff.bench.startup;

import java.io.PrintStream;
import skiff.bench.Format;
import skiff.bench.ResultTable;

/** SkiffExtension's starts in one fresh JVM, in order: the first pays for loading the classes. */
record ExtensionReport(ExtensionStart.Samples samples) {

    void print(PrintStream out) {
        ResultTable table = new ResultTable("SkiffExtension start in-process (embedded store, process-runtime kubelet, "
                + "one fresh JVM, -XX:+UseSerialGC)", "start", "wall", "CPU (whole JVM)");
        for (int i = 0; i < samples.wall().size(); i++) {
            table.row((i + 1) + (i == 0 ? " (cold JVM: what a test run pays once)"
                    : " (warm JVM: what each further test class pays)"), Format.millis(samples.wall().get(i)),
                    Format.millis(samples.cpu().get(i)));
        }
        table.print(out);
    }
}

package skiff.bench.startup;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import skiff.testing.SkiffExtension;

/**
 * Run in a JVM of its own by {@link ExtensionStart}: starts and stops {@link SkiffExtension} (embedded store, the
 * process-runtime kubelet, its defaults) as JUnit does around a test class, {@code args[0]} times in a row, and prints
 * one line per start: {@code start N WALL_NANOS CPU_NANOS} (the CPU of the whole JVM during that start). The first
 * start is what a test run pays once, in a JVM that has loaded nothing yet; the later ones what each further test
 * class pays.
 */
public final class ExtensionStartMain {
    private ExtensionStartMain() {}

    public static void main(String[] args) {
        int starts = Integer.parseInt(args[0]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 1; i <= starts; i++) {
            SkiffExtension extension = SkiffExtension.builder().build();
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            extension.beforeAll(null); // SkiffExtension does not read the context
            wall = System.nanoTime() - wall;
            cpu = os.getProcessCpuTime() - cpu;
            extension.afterAll(null);
            System.out.printf("start %d %d %d%n", i, wall, cpu);
            System.out.flush();
        }
    }
}

package skiff.cli.log;

import org.slf4j.event.Level;

/**
 * klog's {@code -v N} as SLF4J levels. Errors, warnings and info are always written, as klog writes them at any
 * verbosity; klog's convention keeps debugging output for 4 and tracing for 5 and above (k8s.io/klog/v2 and the
 * Kubernetes logging conventions, sig-instrumentation/logging.md), so:
 * 0 to 3: INFO and above; 4: also DEBUG; 5 and more: also TRACE.
 */
public record Verbosity(int level) {
    public Verbosity {
        if (level < 0) {
            throw new IllegalArgumentException("-v must be 0 or more, not " + level);
        }
    }

    /** The least severe level written at this verbosity. */
    public Level threshold() {
        if (level >= 5) {
            return Level.TRACE;
        }
        return level == 4 ? Level.DEBUG : Level.INFO;
    }

    /** Whether an event of this level is written. */
    public boolean writes(Level event) {
        return event.toInt() >= threshold().toInt();
    }
}

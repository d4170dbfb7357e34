package skiff.kubelet.runtime.runc;

import java.util.List;
import java.util.Locale;

/** The signal that stops a container: the image's {@code StopSignal}, else SIGTERM. */
public final class StopSignals {
    /** SIGTERM, what Kubernetes' runtimes send when an image names no stop signal. */
    public static final StopSignal DEFAULT = new StopSignal("SIGTERM", 15);
    // signal(7) on x86 and arm: numbers 1 to 31 in order.
    private static final List<String> NAMES = List.of("SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    private StopSignals() {}

    // containerd pkg/cri/server container_stop.go + moby/sys/signal ParseSignal: the image's StopSignal as a number,
    // a name with or without SIG, or RTMIN+n / RTMAX-n; an empty or unknown value means SIGTERM.
    public static StopSignal resolve(String imageStopSignal) {
        String s = imageStopSignal == null ? "" : imageStopSignal.trim().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return DEFAULT;
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int n = s.length() > 3 ? -1 : Integer.parseInt(s);
            return n >= 1 && n <= NAMES.size() ? new StopSignal(NAMES.get(n - 1), n)
                    : n >= SIGRTMIN && n <= SIGRTMAX ? realtime(n) : DEFAULT;
        }
        String name = s.startsWith("SIG") ? s : "SIG" + s;
        int i = NAMES.indexOf(name);
        if (i >= 0) {
            return new StopSignal(name, i + 1);
        }
        try {
            if (name.startsWith("SIGRTMIN+")) {
                return realtime(SIGRTMIN + Integer.parseInt(name.substring(9)));
            }
            if (name.startsWith("SIGRTMAX-")) {
                return realtime(SIGRTMAX - Integer.parseInt(name.substring(9)));
            }
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
        return name.equals("SIGRTMIN") ? realtime(SIGRTMIN) : name.equals("SIGRTMAX") ? realtime(SIGRTMAX) : DEFAULT;
    }

    private static StopSignal realtime(int n) {
        if (n < SIGRTMIN || n > SIGRTMAX) {
            return DEFAULT;
        }
        return new StopSignal(n == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (n - SIGRTMIN), n);
    }
}

package skiff.kubelet.sync;

import java.time.Duration;

/** Durations written the way Go's time.Duration String does, as Kubernetes messages show them ("1m20s"). */
final class GoDuration {
    private GoDuration() {}

    static String format(Duration d) {
        long seconds = d.toSeconds();
        long millis = d.toMillisPart();
        if (seconds == 0 && millis == 0) {
            return "0s";
        }
        String secondsText = millis == 0 ? Long.toString(seconds % 60)
                : (seconds % 60) + "." + String.format("%03d", millis).replaceAll("0+$", "");
        if (seconds < 60) {
            return secondsText + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + secondsText + "s";
        }
        return minutes / 60 + "h" + minutes % 60 + "m" + secondsText + "s";
    }
}

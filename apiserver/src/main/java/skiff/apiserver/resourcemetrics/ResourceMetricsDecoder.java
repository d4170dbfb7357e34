package skiff.apiserver.resourcemetrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a kubelet's {@code /metrics/resource} answer, in the Prometheus text format, into one node's readings and its
 * pods' containers' (metrics-server pkg/scraper/client/resource/decode.go): node and container CPU seconds and
 * working sets, container start times. A node lacking its CPU, working set or time is left out, and so is a pod one
 * of whose containers lacks its CPU or working set. Samples without a timestamp take the scrape's time;
 * values that are not finite numbers (NaN, +Inf) are skipped.
 */
public final class ResourceMetricsDecoder {
    private ResourceMetricsDecoder() {}

    /** One node's scrape. */
    public record Scrape(Optional<MetricsPoint> node, Map<PodRef, Map<String, MetricsPoint>> pods) {}

    public static Scrape decode(String text, Instant scrapedAt) {
        MetricsPoint node = MetricsPoint.EMPTY;
        Map<PodRef, Map<String, MetricsPoint>> pods = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample s = Sample.parse(line, scrapedAt);
            if (s == null) {
                continue;
            }
            switch (s.name()) {
                case "node_cpu_usage_seconds_total" -> node = node.withCpu(nanos(s.value()), s.time());
                case "node_memory_working_set_bytes" -> node = node.withMemory(s.value().longValue(), s.time());
                case "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
                        "container_start_time_seconds" -> {
                    PodRef pod = new PodRef(s.labels().getOrDefault("namespace", ""), s.labels().getOrDefault("pod", ""));
                    Map<String, MetricsPoint> containers = pods.computeIfAbsent(pod, k -> new LinkedHashMap<>());
                    String container = s.labels().getOrDefault("container", "");
                    MetricsPoint p = containers.getOrDefault(container, MetricsPoint.EMPTY);
                    containers.put(container, switch (s.name()) {
                        case "container_cpu_usage_seconds_total" -> p.withCpu(nanos(s.value()), s.time());
                        case "container_memory_working_set_bytes" -> p.withMemory(s.value().longValue(), s.time());
                        default -> p.withStartTime(Instant.ofEpochSecond(0, nanos(s.value())));
                    });
                }
                default -> {
                    // Another family: not a resource metric.
                }
            }
        }
        Optional<MetricsPoint> nodePoint = node.timestamp().equals(Instant.EPOCH) || node.cpuNanos() == 0
                || node.memoryBytes() == 0 ? Optional.empty() : Optional.of(node);
        Map<PodRef, Map<String, MetricsPoint>> complete = new LinkedHashMap<>();
        pods.forEach((pod, containers) -> {
            boolean whole = containers.values().stream().allMatch(c -> c.cpuNanos() != 0 && c.memoryBytes() != 0);
            if (whole && !containers.isEmpty()) {
                complete.put(pod, Map.copyOf(containers));
            }
        });
        return new Scrape(nodePoint, complete);
    }

    // Exact to the nanosecond: a start time in epoch seconds has more digits than a double keeps.
    private static long nanos(BigDecimal seconds) {
        return seconds.movePointRight(9).longValue();
    }

    /** One sample line: {@code name{label="value",...} value [timestamp-ms]}. */
    record Sample(String name, Map<String, String> labels, BigDecimal value, Instant time) {
        static Sample parse(String line, Instant defaultTime) {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            Map<String, String> labels = new HashMap<>();
            String rest;
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (i < line.length() && line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                        return null;
                    }
                    String key = line.substring(i, eq).strip();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; j < line.length() && line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\' && j + 1 < line.length()) {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (i < line.length() && line.charAt(i) == ',') {
                        i++;
                    }
                }
                rest = line.substring(Math.min(i + 1, line.length())).strip();
            } else if (space > 0) {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            } else {
                return null;
            }
            String[] parts = rest.split("\\s+");
            try {
                BigDecimal value = new BigDecimal(parts[0]);
                Instant time = parts.length > 1 ? Instant.ofEpochMilli(Long.parseLong(parts[1])) : defaultTime;
                return new Sample(name, labels, value, time);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}

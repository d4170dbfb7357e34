package skiff.bench.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.StartedServer;

/**
 * Time from spawning the server process to its health endpoint answering (Skiff: GET /readyz = ok; etcd: GET
 * /health = true), on a fresh data directory, on an existing one, and on one holding 10,000 objects; the CPU the
 * process used until then; and resident memory idle after start and after 10,000 creates. Skiff runs as
 * {@code java -jar cli/target/skiff.jar server}, once with the JVM's default flags and once with bin/skiff's
 * {@code -XX:+UseSerialGC}, and once as bin/skiff runs it, with {@code -XX:+UseSerialGC} and the start-up cache of
 * {@code bin/start-cache} (made before the first start when missing); etcd is the reference. The servers take turns
 * in every phase, so a change in the machine's load falls on all of them. After each fresh start, the first write a
 * client makes (a pod; a put) and the server's CPU meanwhile: a cliff there is work deferred past readiness. Then {@code SkiffExtension}'s in-process
 * start, in a JVM of its own. {@code -Dskiff.bench.startup.starts=N} changes the number of starts per phase (3);
 * {@code -Dskiff.bench.startup.objects=0} leaves out the phases with objects.
 */
public final class StartupBenchmark {
    private static final int STARTS = Integer.getInteger("skiff.bench.startup.starts", 3);
    private static final int EXTENSION_STARTS = 3;
    private static final int OBJECTS = Integer.getInteger("skiff.bench.startup.objects", 10_000);
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final Workspace ws;
    private final Scale scale;
    private final ReadinessProbe probe;

    public StartupBenchmark(Workspace ws, Scale scale) {
        this.ws = ws;
        this.scale = scale;
        this.probe = new ReadinessProbe(ws.clock());
    }

    public void run() throws IOException, InterruptedException {
        SkiffSubject skiffDefault = new SkiffSubject(ws, probe, "Skiff (java -jar)", List.of());
        SkiffSubject skiffSerial = new SkiffSubject(ws, probe, "Skiff (-XX:+UseSerialGC, as bin/skiff)",
                List.of("-XX:+UseSerialGC"));
        List<StartupSubject> subjects = new ArrayList<>(List.of(skiffDefault, skiffSerial));
        List<String> cache = StartCache.options(ws);
        if (cache.isEmpty()) {
            System.out.println("startup: bin/start-cache made no start-up cache; that variant is left out");
        } else {
            List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC"));
            options.addAll(cache);
            subjects.add(new SkiffSubject(ws, probe, "Skiff (as bin/skiff: -XX:+UseSerialGC, start-up cache)", options));
        }
        int skiffCount = subjects.size();
        if (ws.hasEtcd()) {
            subjects.add(new EtcdSubject(ws, probe, skiffDefault::podBytes));
        }
        Map<StartupSubject, StartupSeries> results = new HashMap<>();
        Map<StartupSubject, Path> dirs = new HashMap<>();
        for (StartupSubject s : subjects) {
            results.put(s, new StartupSeries(s.name()));
            dirs.put(s, ws.newDirectory("startup"));
        }
        warmUp(subjects);
        int objects = OBJECTS == 0 ? 0 : scale.count(OBJECTS);
        System.out.println("startup: fresh data directories");
        for (int i = 0; i < STARTS; i++) {
            for (StartupSubject s : subjects) {
                StartupSeries series = results.get(s);
                try (StartedServer server = s.start(dirs.get(s).resolve("fresh-" + i))) {
                    series.fresh.add(server.timeToReady());
                    series.freshCpu.add(server.cpuToReady());
                    if (s.readyLine(server) != null) {
                        series.freshReadyLine.add(s.readyLine(server));
                    }
                    StartupSubject.FirstWrite first = s.firstWrite(server);
                    series.firstWrite.add(first.wall());
                    series.firstWriteCpu.add(first.cpu());
                    ws.clock().sleep(SETTLE);
                    series.idleRss.add(server.residentBytes());
                }
            }
        }
        System.out.println("startup: existing data directories");
        Path existing = Path.of("fresh-" + (STARTS - 1));
        for (int i = 0; i < STARTS; i++) {
            for (StartupSubject s : subjects) {
                try (StartedServer server = s.start(dirs.get(s).resolve(existing))) {
                    results.get(s).existing.add(server.timeToReady());
                    results.get(s).existingCpu.add(server.cpuToReady());
                }
            }
        }
        if (objects > 0) {
            fillAndRestart(subjects, results, dirs, existing, objects);
        }
        List<StartupSeries> skiff = subjects.subList(0, skiffCount).stream().map(results::get).toList();
        StartupSeries etcd = subjects.size() > skiffCount ? results.get(subjects.getLast()) : null;
        new StartupReport(skiff, etcd, objects, skiffDefault.podBytes(), STARTS).print(System.out);
        System.out.println("startup: SkiffExtension in a fresh JVM");
        new ExtensionReport(new ExtensionStart(ws).run(EXTENSION_STARTS)).print(System.out);
    }

    private void fillAndRestart(List<StartupSubject> subjects, Map<StartupSubject, StartupSeries> results,
            Map<StartupSubject, Path> dirs, Path existing, int objects) throws IOException, InterruptedException {
        System.out.printf("startup: %d objects into each%n", objects);
        for (StartupSubject s : subjects) { // Skiff first: etcd's values take the size of a Skiff pod
            try (StartedServer server = s.start(dirs.get(s).resolve(existing))) {
                results.get(s).loadTime = s.fill(server, objects);
                ws.clock().sleep(SETTLE);
                results.get(s).rssAfterLoad = server.residentBytes();
            }
        }
        System.out.printf("startup: data directories with %d objects%n", objects);
        for (int i = 0; i < STARTS; i++) {
            for (StartupSubject s : subjects) {
                StartupSeries series = results.get(s);
                try (StartedServer server = s.start(dirs.get(s).resolve(existing))) {
                    series.existingLoaded.add(server.timeToReady());
                    series.existingLoadedCpu.add(server.cpuToReady());
                    ws.clock().sleep(SETTLE);
                    series.loadedIdleRss.add(server.residentBytes());
                }
            }
        }
    }

    // One untimed start of each, so the page cache holds the programs and the probe's own code is warm.
    private void warmUp(List<StartupSubject> subjects) throws InterruptedException {
        for (StartupSubject s : subjects) {
            try (StartedServer server = s.start(ws.newDirectory("warm"))) {
                System.out.printf("startup: warm-up start of %s took %s%n", s.name(), server.timeToReady());
            }
        }
    }
}

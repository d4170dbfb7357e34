package skiff.apiserver.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import skiff.api.time.Clock;

/**
 * The audit log file, one JSON event a line, rotated as kube-apiserver's (gopkg.in/natefinch/lumberjack.v2 behind
 * --audit-log-maxsize, --audit-log-maxbackup and --audit-log-maxage, 1.32): once a line would take the file past
 * maxsize megabytes (0: lumberjack's 100) it is renamed NAME-TIMESTAMP.EXT and a new one started; backups beyond
 * maxbackup (0: all kept) and older than maxage days (0: none removed by age) are deleted.
 */
public final class AuditLogFile implements AutoCloseable {
    private static final long MEGABYTE = 1024L * 1024;
    private static final long DEFAULT_MAX_MEGABYTES = 100;
    // lumberjack backupTimeFormat "2006-01-02T15-04-05.000", in UTC.
    private static final DateTimeFormatter BACKUP_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS").withZone(ZoneOffset.UTC);

    private final Path path;
    private final long maxBytes;
    private final int maxBackups;
    private final int maxAgeDays;
    private final Clock clock;
    private OutputStream out;
    private long size;

    /** Appends to {@code path}, created (with its directory) if absent. */
    public AuditLogFile(Path path, int maxSizeMegabytes, int maxBackups, int maxAgeDays, Clock clock) {
        if (maxSizeMegabytes < 0 || maxBackups < 0 || maxAgeDays < 0) {
            throw new IllegalArgumentException("--audit-log-maxsize, --audit-log-maxbackup and --audit-log-maxage "
                    + "must not be negative");
        }
        this.path = path.toAbsolutePath();
        this.maxBytes = (maxSizeMegabytes == 0 ? DEFAULT_MAX_MEGABYTES : maxSizeMegabytes) * MEGABYTE;
        this.maxBackups = maxBackups;
        this.maxAgeDays = maxAgeDays;
        this.clock = clock;
        try {
            Files.createDirectories(this.path.getParent());
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + path, e);
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    /** Writes one line (a newline is added), rotating first if the file would grow past its size. */
    public synchronized void write(byte[] line) {
        try {
            if (size > 0 && size + line.length + 1 > maxBytes) {
                rotate();
            }
            out.write(line);
            out.write('\n');
            out.flush();
            size += line.length + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + path, e);
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(path, backupName(clock.now()), StandardCopyOption.REPLACE_EXISTING);
        open();
        removeOldBackups();
    }

    private Path backupName(Instant at) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return path.resolveSibling(base + "-" + BACKUP_TIME.format(at) + ext);
    }

    private void removeOldBackups() throws IOException {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prefix = (dot > 0 ? name.substring(0, dot) : name) + "-";
        String ext = dot > 0 ? name.substring(dot) : "";
        record Backup(Path file, Instant at) {}
        List<Backup> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(path.getParent())) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(ext) && n.length() > prefix.length() + ext.length()) {
                    try {
                        Instant at = BACKUP_TIME.parse(n.substring(prefix.length(), n.length() - ext.length()),
                                Instant::from);
                        backups.add(new Backup(f, at));
                    } catch (DateTimeParseException e) {
                        // Not one of ours.
                    }
                }
            }
        }
        backups.sort(Comparator.comparing(Backup::at).reversed());
        Instant cutoff = clock.now().minus(Duration.ofDays(maxAgeDays));
        for (int i = 0; i < backups.size(); i++) {
            Backup b = backups.get(i);
            if (maxBackups > 0 && i >= maxBackups || maxAgeDays > 0 && b.at().isBefore(cutoff)) {
                Files.deleteIfExists(b.file());
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // Nothing more can be written.
        }
    }
}

package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import skiff.kubelet.config.Resolved;

/**
 * Resolves the user a container runs as from its security context, the image's {@code User} and the root
 * filesystem's {@code /etc/passwd} and {@code /etc/group}, as containerd's CRI plugin does.
 */
final class OciUsers {
    static final String CREATE_ERROR = "CreateContainerError";

    private OciUsers() {}

    /** One line of /etc/passwd or /etc/group: name, id, the primary group (passwd) or the members (group). */
    private record Entry(String name, long id, long gid, List<String> members) {}

    // containerd pkg/cri/server container_create_linux.go (1.7): runAsUser[:runAsGroup] replaces the image's User;
    // oci.WithUser resolves names and the default gid through the rootfs; then the kubelet's supplemental groups and
    // the user's memberships in /etc/group (oci.WithAdditionalGIDs), with the primary gid first (ensureAdditionalGids).
    static Resolved<OciUser> resolve(Path rootfs, OptionalLong runAsUser, OptionalLong runAsGroup,
            List<Long> supplementalGroups, String imageUser) {
        String userPart;
        String groupPart;
        if (runAsUser.isPresent()) {
            userPart = Long.toString(runAsUser.getAsLong());
            groupPart = runAsGroup.isPresent() ? Long.toString(runAsGroup.getAsLong()) : "";
        } else if (runAsGroup.isPresent()) {
            // containerd generateUserString: a group needs a user.
            return new Resolved.Invalid<>(CREATE_ERROR, "user group \"" + runAsGroup.getAsLong()
                    + "\" is specified without user");
        } else {
            String spec = imageUser == null ? "" : imageUser;
            int colon = spec.indexOf(':');
            userPart = colon < 0 ? spec : spec.substring(0, colon);
            groupPart = colon < 0 ? "" : spec.substring(colon + 1);
        }
        String userName = userPart.isEmpty() ? "0" : userPart;
        List<Entry> passwd = read(SubPaths.inRoot(rootfs, "/etc/passwd"), false);
        List<Entry> groups = read(SubPaths.inRoot(rootfs, "/etc/group"), true);
        OptionalLong numericUid = number(userName);
        Optional<Entry> account = numericUid.isPresent()
                ? passwd.stream().filter(e -> e.id() == numericUid.getAsLong()).findFirst()
                : passwd.stream().filter(e -> e.name().equals(userName)).findFirst();
        if (numericUid.isEmpty() && account.isEmpty()) {
            return new Resolved.Invalid<>(CREATE_ERROR, "unable to find user " + userName
                    + ": no matching entries in passwd file");
        }
        long uid = numericUid.isPresent() ? numericUid.getAsLong() : account.get().id();
        long gid;
        String groupName = groupPart;
        if (groupName.isEmpty()) {
            gid = account.map(Entry::gid).orElse(0L);
        } else {
            OptionalLong numericGid = number(groupName);
            Optional<Entry> group = groups.stream().filter(e -> e.name().equals(groupName)).findFirst();
            if (numericGid.isEmpty() && group.isEmpty()) {
                return new Resolved.Invalid<>(CREATE_ERROR, "unable to find group " + groupName
                        + ": no matching entries in group file");
            }
            gid = numericGid.isPresent() ? numericGid.getAsLong() : group.get().id();
        }
        Set<Long> additional = new LinkedHashSet<>();
        additional.add(gid);
        additional.addAll(supplementalGroups);
        account.ifPresent(a -> groups.stream()
                .filter(g -> !g.name().equals(a.name()) && g.members().contains(a.name()))
                .forEach(g -> additional.add(g.id())));
        return new Resolved.Ok<>(new OciUser(uid, gid, new ArrayList<>(additional)));
    }

    private static OptionalLong number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // passwd(5) name:password:uid:gid:gecos:home:shell; group(5) name:password:gid:member,member. Malformed lines are
    // skipped, as libc does; a missing file means no entries.
    private static List<Entry> read(Path file, boolean group) {
        List<String> lines;
        try {
            if (file == null || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (line.startsWith("#") || f.length < (group ? 3 : 4)) {
                continue;
            }
            OptionalLong id = number(f[2]);
            OptionalLong gid = group ? id : number(f[3]);
            if (id.isEmpty() || gid.isEmpty()) {
                continue;
            }
            List<String> members = group && f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
            out.add(new Entry(f[0], id.getAsLong(), gid.getAsLong(), members));
        }
        return out;
    }
}

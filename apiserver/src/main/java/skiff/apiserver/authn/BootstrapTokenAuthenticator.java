package skiff.apiserver.authn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bootstrap tokens (k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go, 1.32): {@code ID.SECRET} matches
 * the {@code bootstrap.kubernetes.io/token} Secret {@code bootstrap-token-ID} in kube-system, unexpired and marked
 * for authentication, and proves {@code system:bootstrap:ID} in system:bootstrappers and the Secret's extra groups.
 * Any mismatch leaves the token unrecognised, so the request is refused as an invalid bearer token.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {
    public static final String NAMESPACE = "kube-system";
    public static final String SECRET_PREFIX = "bootstrap-token-";
    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
    public static final String USER_PREFIX = "system:bootstrap:";
    public static final String GROUP = "system:bootstrappers";
    // k8s.io/cluster-bootstrap/token/api: the token's form and the extra groups' form.
    private static final Pattern TOKEN = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");
    private static final Pattern EXTRA_GROUP = Pattern.compile("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$");

    private final ObjectLookup objects;
    private final Clock clock;

    public BootstrapTokenAuthenticator(ObjectLookup objects, Clock clock) {
        this.objects = objects;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        Optional<ObjectNode> found = objects.secret(NAMESPACE, SECRET_PREFIX + id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode secret = found.get();
        JsonNode data = secret.path("data");
        if (secret.path("metadata").hasNonNull("deletionTimestamp")
                || !SECRET_TYPE.equals(secret.path("type").asString("")) || !data.isObject()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(data(data, "token-secret").getBytes(StandardCharsets.UTF_8),
                m.group(2).getBytes(StandardCharsets.UTF_8)) || !data(data, "token-id").equals(id)
                || expired(data) || !data(data, "usage-bootstrap-authentication").equals("true")) {
            return Optional.empty();
        }
        Optional<List<String>> groups = groups(data(data, "auth-extra-groups"));
        return groups.map(g -> UserInfo.of(USER_PREFIX + id, g));
    }

    // k8s.io/cluster-bootstrap/util/secrets HasExpired: an expiration that does not parse counts as expired.
    private boolean expired(JsonNode data) {
        String expiration = data(data, "expiration");
        if (expiration.isEmpty()) {
            return false;
        }
        try {
            return clock.now().isAfter(Instant.parse(expiration));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    // k8s.io/cluster-bootstrap/util/secrets GetGroups: system:bootstrappers and every extra group, each
    // valid, once, sorted.
    private static Optional<List<String>> groups(String extra) {
        Set<String> groups = new TreeSet<>();
        groups.add(GROUP);
        if (!extra.isEmpty()) {
            for (String group : extra.split(",", -1)) {
                if (!EXTRA_GROUP.matcher(group).matches()) {
                    return Optional.empty();
                }
                groups.add(group);
            }
        }
        return Optional.of(new ArrayList<>(groups));
    }

    private static String data(JsonNode data, String key) {
        String value = data.path(key).asString("");
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}

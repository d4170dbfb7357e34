package skiff.apiserver.authn;

import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/** authentication.k8s.io/v1 UserInfo as reviews carry it: username, uid, groups and extra, empty ones omitted. */
public final class UserInfoJson {
    private UserInfoJson() {}

    public static ObjectNode of(UserInfo user) {
        ObjectNode node = Json.object();
        node.put("username", user.name());
        if (!user.uid().isEmpty()) {
            node.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            user.groups().forEach(node.putArray("groups")::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = node.putObject("extra");
            user.extra().forEach((key, values) -> values.forEach(extra.putArray(key)::add));
        }
        return node;
    }
}

package skiff.apiserver.http;

import skiff.api.json.Json;
import skiff.api.version.KubernetesVersion;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code /version} reports. Skiff speaks the v1.32 API, and the machines' kubectl dispatcher picks its client
 * by this minor version, so it reports 1.32.
 */
final class VersionInfo {
    static final String GIT_VERSION = KubernetesVersion.GIT_VERSION;

    private VersionInfo() {}

    static ObjectNode document() {
        ObjectNode v = Json.object();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "skiff");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-11-25T00:00:00Z");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "javac");
        v.put("platform", KubernetesVersion.platform());
        return v;
    }

}

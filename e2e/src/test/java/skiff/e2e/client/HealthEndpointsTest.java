package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The health endpoints name the checks they really run (k/k apiserver pkg/server/healthz): the store check reads from
 * the store Skiff uses (SQLite here), which is not etcd.
 */
class HealthEndpointsTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().withoutKubelet().build();

    private final RawApi raw = new RawApi(skiff.client());

    @Test
    void readyzVerboseListsTheStoreCheckAndNoEtcd() {
        RawResponse readyz = raw.get("/readyz?verbose");

        assertThat(readyz.code()).isEqualTo(200);
        assertThat(readyz.body()).isEqualTo("""
                [+]ping ok
                [+]log ok
                [+]store ok
                [+]started ok
                readyz check passed
                """);
    }

    @Test
    void livezVerboseListsTheStoreCheck() {
        assertThat(raw.get("/livez?verbose").body()).contains("[+]store ok\n").doesNotContain("etcd");
    }

    @Test
    void oneCheckAnswersByItsNameAndAnUnknownOneIsNotFound() {
        assertThat(raw.get("/readyz/store")).isEqualTo(new RawResponse(200, "ok"));
        assertThat(raw.get("/livez/etcd").code()).isEqualTo(404);
    }
}

package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.kubelet.runtime.LinuxSandboxConfig;

/** The runc sandbox record as a runtime started again reads it. */
class SandboxRecordTest {
    @Test
    void aRecordRoundTripsWithItsPidHolder() throws Exception {
        RuncSandboxes.Record record = new RuncSandboxes.Record("u1", "shop", "web", "web", "10.42.0.5",
                "/var/run/netns/skiff-u1", Map.of("data", "/pods/u1/volumes/data"), LinuxSandboxConfig.none("u1"),
                4242);

        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(record), RuncSandboxes.Record.class))
                .isEqualTo(record);
    }

    @Test
    void aRecordWrittenBeforePidHoldersExistedHasNone() throws Exception {
        RuncSandboxes.Record record = new RuncSandboxes.Record("u1", "shop", "web", "web", "10.42.0.5", "",
                Map.of(), LinuxSandboxConfig.none("u1"), 0);
        String json = Json.mapper().writeValueAsString(record).replace(",\"pidHolder\":0", "");
        assertThat(json).doesNotContain("pidHolder");

        assertThat(Json.mapper().readValue(json, RuncSandboxes.Record.class)).isEqualTo(record);
    }
}

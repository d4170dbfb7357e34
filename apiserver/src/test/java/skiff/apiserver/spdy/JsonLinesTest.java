package skiff.apiserver.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
    @Test
    void aDocumentIsReturnedOnlyOnceItsNewlineArrived() {
        JsonLines lines = new JsonLines();

        assertThat(lines.add("{\"Width\":8".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(lines.add("0}\n\n{}\n{".getBytes(StandardCharsets.UTF_8)))
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("{\"Width\":80}", "{}");
    }
}

package skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conmon flags for a container's stdio, as CRI-O picks them from the container's tty, stdin and stdinOnce. */
class ConmonStdioTest {
    @ParameterizedTest(name = "tty={0} stdin={1} stdinOnce={2} -> {3}")
    @CsvSource({
            "false, false, false, ''",
            "false, true, false, '-i --leave-stdin-open'",
            "false, true, true, '-i'",
            "true, false, false, '-t'",
            "true, true, true, '-t'"})
    void flags(boolean tty, boolean stdin, boolean stdinOnce, String expected) {
        List<String> flags = new Conmon.Stdio(tty, stdin, stdinOnce).arguments();

        assertThat(String.join(" ", flags)).isEqualTo(expected);
    }
}

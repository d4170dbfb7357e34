package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default manager of an update (k/k apiserver endpoints/handlers/rest.go prefixFromUserAgent). */
class FieldManagerNameTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null   | kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07 | kubectl",
        "mine   | kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07 | mine",
        "''     | fabric8-kubernetes-client/8.0.0                  | fabric8-kubernetes-client",
        "null   | curl                                             | curl",
        "null   | ''                                               | ''",
    })
    void prefersTheParameterElseTheUserAgentBeforeItsFirstSlash(String param, String userAgent, String expected) {
        assertThat(FieldManagerName.forUpdate(param, userAgent)).isEqualTo(expected);
    }
}

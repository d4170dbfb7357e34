package skiff.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimated costs of library calls on a string {@code self} of at most 64 characters, each worked out by hand
 * from k/k 1.32 library/cost.go EstimateCallCost and cel-go's checker costs (1 per variable and call, 0 per
 * constant, 10 per list literal).
 */
class LibraryCallCostsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            isURL(self)                                             | 2
            url(self).getHost() == 'a'                              | 10
            quantity(self).isLessThan(quantity('1Gi'))              | 10
            sign(quantity(self)) == 1                               | 10
            cidr('10.0.0.0/8').containsCIDR(self)                   | 16
            cidr(self).containsIP(ip('10.0.0.1'))                   | 13
            ip.isCanonical(self)                                    | 14
            ip(self) == ip('1.2.3.4')                               | 10
            cidr(self).ip().family() == 4                           | 11
            format.dns1123Label().validate(self).hasValue()         | 227
            format.named('uuid').hasValue()                         | 2
            format.uuid() == format.uri()                           | 9
            sets.contains(['a', 'b'], [self])                       | 24
            """)
    void estimatesAsKubernetes(String expression, long expected) throws Exception {
        CompiledExpression compiled = CelEnvironment.compile(expression, Map.of("self", SimpleType.STRING),
                KubernetesTypeLibrariesTest.NO_TYPES);
        assertThat(compiled.estimatedCost(Map.of("self", ValueShape.ofSize(64)))).as(expression)
                .isEqualTo(expected);
    }
}

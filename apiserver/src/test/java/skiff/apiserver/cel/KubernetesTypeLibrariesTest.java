package skiff.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The URL, quantity, IP, CIDR, format and sets libraries, each function with valid and invalid input and the
 * error texts Kubernetes 1.32 gives (k/k staging/src/k8s.io/apiserver/pkg/cel/library *_test.go cases).
 */
class KubernetesTypeLibrariesTest {
    static final CelTypeProvider NO_TYPES = new CelTypeProvider() {
        @Override
        public ImmutableList<CelType> types() {
            return ImmutableList.of();
        }

        @Override
        public Optional<CelType> findType(String name) {
            return Optional.empty();
        }
    };

    static Object eval(String expression) throws Exception {
        CompiledExpression compiled = CelEnvironment.compile(expression, Map.of(), NO_TYPES);
        return compiled.evaluate(Map.of(), CelLimits.PER_CALL_LIMIT).value();
    }

    // cidr.go containsCIDR compares the masked prefix with the other prefix's address unmasked, so a contained
    // prefix must start at this prefix's own network address (10.1.0.0/16 is not "in" 10.0.0.0/8): as k/k 1.32.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            url('https://example.com/').getScheme() == 'https'
            url('/path').getScheme() == ''
            url('https://example.com:80/').getHost() == 'example.com:80'
            url('https://[::1]:80/').getHost() == '[::1]:80'
            url('https://[::1]/').getHost() == '[::1]'
            url('/path').getHost() == ''
            url('https://example.com:80/').getHostname() == 'example.com'
            url('https://[::1]:80/').getHostname() == '::1'
            url('https://example.com:80/').getPort() == '80'
            url('https://example.com/').getPort() == ''
            url('https://example.com/path').getEscapedPath() == '/path'
            url('https://example.com/path with spaces/').getEscapedPath() == '/path%20with%20spaces/'
            url('https://example.com').getEscapedPath() == ''
            url('https://example.com/a%2Fb').getEscapedPath() == '/a%2Fb'
            url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}
            url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}
            url('https://example.com/path?').getQuery() == {}
            url('https://example.com/path#frag').getEscapedPath() == '/path'
            url('https://example.com/path?a=b#frag').getQuery() == {'a': ['b']}
            url('HTTPS://u:p@example.com/').getScheme() == 'https'
            isURL('https://example.com/')
            isURL('/absolute-path')
            !isURL('example.com')
            !isURL('')
            !isURL('https://example.com:port/')
            !isURL('%zz')
            quantity('50k').add(quantity('20k')) == quantity('70k')
            quantity('50k').add(20) == quantity('50020')
            quantity('50k').sub(quantity('20k')) == quantity('30k')
            quantity('50k').sub(20000) == quantity('30k')
            quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')
            quantity('200M').compareTo(quantity('0.2G')) == 0
            quantity('50M').compareTo(quantity('50Mi')) == -1
            quantity('50Mi').compareTo(quantity('50M')) == 1
            quantity('150Mi').isGreaterThan(quantity('100Mi'))
            !quantity('50Mi').isGreaterThan(quantity('100Mi'))
            quantity('50M').isLessThan(quantity('100M'))
            quantity('1Gi') == quantity('1024Mi')
            quantity('50k').asInteger() == 50000
            quantity('50k').isInteger()
            !quantity('50m').isInteger()
            !quantity('1000m').isInteger()
            !quantity('1.5Ki').isInteger()
            !quantity('9999999999999999999999999999999999999G').isInteger()
            quantity('50.5').asApproximateFloat() == 50.5
            quantity('1e3').asInteger() == 1000
            sign(quantity('-1m')) == -1
            sign(quantity('0')) == 0
            sign(quantity('5Ei')) == 1
            isQuantity('1.5Gi')
            isQuantity('+1e-3')
            isQuantity('.5')
            !isQuantity('')
            !isQuantity('1 Gi')
            !isQuantity('1Ki1')
            !isQuantity('1ZB')
            ip('127.0.0.1').family() == 4
            ip('::1').family() == 6
            ip('0.0.0.0').isUnspecified()
            ip('::').isUnspecified()
            !ip('127.0.0.1').isUnspecified()
            ip('127.0.0.1').isLoopback()
            ip('::1').isLoopback()
            !ip('2001:db8::abcd').isLoopback()
            ip('224.0.0.1').isLinkLocalMulticast()
            !ip('224.0.1.1').isLinkLocalMulticast()
            ip('ff02::1').isLinkLocalMulticast()
            ip('169.254.169.254').isLinkLocalUnicast()
            ip('fe80::1').isLinkLocalUnicast()
            !ip('fd80::1').isLinkLocalUnicast()
            ip('192.168.0.1').isGlobalUnicast()
            !ip('255.255.255.255').isGlobalUnicast()
            ip('2001:db8::abcd').isGlobalUnicast()
            !ip('ff00::1').isGlobalUnicast()
            string(ip('2001:DB8:0:0:0:0:0:1')) == '2001:db8::1'
            string(ip('1:0:0:2:0:0:0:3')) == '1:0:0:2::3'
            string(ip('fe80:0:0:0:1:0:0:0')) == 'fe80::1:0:0:0'
            ip('127.0.0.1') == ip('127.0.0.1')
            ip('::1') != ip('127.0.0.1')
            isIP('::1')
            !isIP('127.0.0.01')
            !isIP('1.2.3')
            !isIP('::ffff:1.2.3.4')
            !isIP('fe80::1%eth0')
            ip.isCanonical('127.0.0.1')
            ip.isCanonical('2001:db8::1')
            !ip.isCanonical('2001:DB8::1')
            !ip.isCanonical('2001:db8:0:0:0:0:0:1')
            cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))
            cidr('192.168.0.0/24').containsIP('192.168.0.1')
            !cidr('192.168.0.0/24').containsIP('192.168.1.1')
            !cidr('192.168.0.0/24').containsIP('::1')
            cidr('::1/128').containsIP('::1')
            cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25'))
            cidr('192.168.0.0/24').containsCIDR('192.168.0.0/25')
            !cidr('192.168.0.0/25').containsCIDR('192.168.0.0/24')
            !cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/23'))
            cidr('2001:db8::/32').containsCIDR('2001:db8::/33')
            !cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')
            cidr('192.168.0.0/24').ip() == ip('192.168.0.0')
            cidr('192.168.0.1/24').ip() == ip('192.168.0.1')
            cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')
            string(cidr('2001:db8::1/32').masked()) == '2001:db8::/32'
            cidr('192.168.0.0/16').prefixLength() == 16
            cidr('::1/128').prefixLength() == 128
            isCIDR('10.0.0.0/8')
            !isCIDR('10.0.0.0')
            !isCIDR('10.0.0.0/33')
            !isCIDR('10.0.0.0/08')
            string(cidr('192.168.0.0/24')) == '192.168.0.0/24'
            format.dns1123Label().validate('my-label-name') == optional.none()
            format.dns1123Label().validate('-bad').hasValue()
            format.dns1123Subdomain().validate('apiextensions.k8s.io') == optional.none()
            format.dns1035Label().validate('1abc').hasValue()
            format.qualifiedName().validate('apiextensions.k8s.io/v1beta1') == optional.none()
            format.dns1123LabelPrefix().validate('my-label-prefix-') == optional.none()
            format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-') == optional.none()
            format.dns1035LabelPrefix().validate('my-label-prefix-') == optional.none()
            format.labelValue().validate('a b').hasValue()
            format.uri().validate('http://example.com') == optional.none()
            format.uuid().validate('123e4567-e89b-12d3-a456-426614174000') == optional.none()
            format.uuid().validate('not-a-uuid') == optional.of(['does not match the UUID format'])
            format.byte().validate('aGVsbG8=') == optional.none()
            format.byte().validate('aGVsbG8') == optional.of(['invalid base64'])
            format.date().validate('2021-01-01') == optional.none()
            format.date().validate('2021-02-30') == optional.of(['invalid date'])
            format.datetime().validate('2021-01-01T00:00:00Z') == optional.none()
            format.datetime().validate('2021-01-01') == optional.of(['invalid datetime'])
            format.named('dns1123Label').hasValue()
            !format.named('nope').hasValue()
            format.named('dns1123Label').value().validate('a') == optional.none()
            format.named('uri').value().validate('foo') == optional.of(['parse "foo": invalid URI for request'])
            format.dns1123Label().validate('A_b') == optional.of(['a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \\'-\\', and must start and end with an alphanumeric character (e.g. \\'my-name\\',  or \\'123-abc\\', regex used for validation is \\'[a-z0-9]([-a-z0-9]*[a-z0-9])?\\')'])
            ['a', 'b'].join('-') == 'a-b'
            'a,b'.split(',') == ['a', 'b']
            sets.contains([1, 2, 3], [1, 2])
            !sets.contains([1, 2], [3])
            sets.equivalent([1, 2], [2, 1, 1])
            sets.intersects([1, 2], [2, 3])
            !sets.intersects([1], [2])
            """)
    void holds(String expression) throws Exception {
        assertThat(eval(expression)).as(expression).isEqualTo(true);
    }

    // base.go 1.32: strings extension version 2, without version 3's reverse().
    @org.junit.jupiter.api.Test
    void reverseIsNotInTheEnvironment() {
        assertThatThrownBy(() -> eval("'abc'.reverse() == 'cba'")).hasMessageContaining("undeclared reference to "
                + "'reverse'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            url('example.com')                  | URL parse error during conversion from string: parse "example.com": invalid URI for request
            url('')                             | URL parse error during conversion from string: parse "": empty url
            url(':foo')                         | URL parse error during conversion from string: parse ":foo": missing protocol scheme
            url('https://host:x/')              | URL parse error during conversion from string: parse "https://host:x/": invalid port ":x" after host
            url('https://[::1/')                | URL parse error during conversion from string: parse "https://[::1/": missing ']' in host
            url('https://a b/')                 | URL parse error during conversion from string: parse "https://a b/": invalid character " " in host name
            url('/a%zzb')                       | URL parse error during conversion from string: parse "/a%zzb": invalid URL escape "%zz"
            quantity('')                        | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
            quantity('1 Gi')                    | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
            quantity('1Ki1')                    | unable to parse quantity's suffix
            quantity('50m').asInteger()         | cannot convert value to integer
            ip('1.2.3')                         | IP Address "1.2.3" parse error during conversion from string: ParseAddr("1.2.3"): IPv4 address too short
            ip('1.2.3.04')                      | IP Address "1.2.3.04" parse error during conversion from string: ParseAddr("1.2.3.04"): IPv4 field has octet with leading zero
            ip('1.2.3.256')                     | IP Address "1.2.3.256" parse error during conversion from string: ParseAddr("1.2.3.256"): IPv4 field has value >255
            ip('1..2.3')                        | IP Address "1..2.3" parse error during conversion from string: ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")
            ip('foo')                           | IP Address "foo" parse error during conversion from string: ParseAddr("foo"): unable to parse IP
            ip('1::2::3')                       | IP Address "1::2::3" parse error during conversion from string: ParseAddr("1::2::3"): multiple :: in address (at ":3")
            ip('fe80::1%eth0')                  | IP address "fe80::1%eth0" with zone value is not allowed
            ip('::ffff:1.2.3.4')                | IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed
            cidr('10.0.0.0')                    | network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0"): no '/'
            cidr('10.0.0.0/33')                 | network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range
            cidr('192.168.0.0/')                | network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""
            cidr('10.0.0.0/x')                  | network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/x"): bad bits after slash: "x"
            cidr('::ffff:1.2.3.4/120')          | network address parse error during conversion from string: IPv4-mapped IPv6 address "::ffff:1.2.3.4/120" is not allowed
            cidr('10.0.0.0/8').containsIP('x')  | IP Address "x" parse error during conversion from string: ParseAddr("x"): unable to parse IP
            """)
    void fails(String expression, String message) {
        assertThatThrownBy(() -> eval(expression)).as(expression).hasMessageContaining(message);
    }
}

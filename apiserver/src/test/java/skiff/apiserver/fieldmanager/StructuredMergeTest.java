package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.fieldmanager.Objects.json;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How an applied configuration merges into a live object (docs reference/using-api/server-side-apply "Merge strategy"). */
class StructuredMergeTest {

    record Case(String name, String kind, String live, String applied, String merged) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("maps and structs merge field by field", "v1/ConfigMap",
                        "{'metadata':{'labels':{'a':'1'}},'data':{'x':'1','y':'2'}}",
                        "{'metadata':{'labels':{'b':'2'}},'data':{'y':'3'}}",
                        "{'metadata':{'labels':{'a':'1','b':'2'}},'data':{'x':'1','y':'3'}}"),
                new Case("keyed list items merge by key; other items stay", "v1/Pod",
                        "{'spec':{'containers':[{'name':'a','image':'x','tty':true},{'name':'b','image':'y'}]}}",
                        "{'spec':{'containers':[{'name':'a','image':'z'}]}}",
                        "{'spec':{'containers':[{'name':'a','image':'z','tty':true},{'name':'b','image':'y'}]}}"),
                new Case("new keyed items are placed where the configuration puts them", "v1/Pod",
                        "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'c'},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'a'},{'name':'c'},{'name':'b'}]}}"),
                new Case("an atomic list is replaced whole", "v1/Pod",
                        "{'spec':{'containers':[{'name':'a','args':['1','2']}]}}",
                        "{'spec':{'containers':[{'name':'a','args':['3']}]}}",
                        "{'spec':{'containers':[{'name':'a','args':['3']}]}}"),
                new Case("a set gains the applied values", "v1/ConfigMap",
                        "{'metadata':{'finalizers':['x','y']}}",
                        "{'metadata':{'finalizers':['z','x']}}",
                        "{'metadata':{'finalizers':['z','x','y']}}"),
                new Case("an atomic struct is replaced whole", "apps/v1/Deployment",
                        "{'spec':{'selector':{'matchLabels':{'a':'1','b':'2'}}}}",
                        "{'spec':{'selector':{'matchLabels':{'a':'1'}}}}",
                        "{'spec':{'selector':{'matchLabels':{'a':'1'}}}}"),
                new Case("ports with the default protocol match ports that spell it out", "v1/Pod",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'web'}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'web',"
                                + "'hostPort':8080}]}]}}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergesTheConfigurationIntoTheLiveObject(Case c) {
        int slash = c.kind().lastIndexOf('/');
        SchemaType type = MergeSchema.builtin().root(c.kind().substring(0, slash), c.kind().substring(slash + 1));

        assertThat(StructuredMerge.merge(json(c.live()), json(c.applied()), type)).isEqualTo(json(c.merged()));
    }
}

package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.fieldmanager.Objects.json;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fields an applied configuration owns, in FieldsV1, for configurations shaped like the examples of docs
 * reference/using-api/server-side-apply and the list types the Kubernetes API declares.
 */
class ValueFieldsTest {

    record Case(String name, String kind, String config, String fieldsV1) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("map entries and scalars are members; structs holding them are not", "v1/ConfigMap",
                        "{'metadata':{'labels':{'app':'a'}},'data':{'color':'blue'}}",
                        "{'f:data':{'f:color':{}},'f:metadata':{'f:labels':{'f:app':{}}}}"),
                new Case("containers are keyed by name and the item itself is owned", "apps/v1/Deployment",
                        "{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}",
                        "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{`name`:`c`}':"
                                + "{'.':{},'f:image':{},'f:name':{}}}}}}}"),
                new Case("container ports are keyed by port and protocol, TCP by default", "v1/Pod",
                        "{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80}]}]}}",
                        "{'f:spec':{'f:containers':{'k:{`name`:`c`}':{'.':{},'f:name':{},'f:ports':"
                                + "{'k:{`containerPort`:80,`protocol`:`TCP`}':{'.':{},'f:containerPort':{}}}}}}}"),
                new Case("a label selector is atomic", "apps/v1/Deployment",
                        "{'spec':{'selector':{'matchLabels':{'app':'a'}},'replicas':2}}",
                        "{'f:spec':{'f:replicas':{},'f:selector':{}}}"),
                new Case("finalizers are a set", "v1/ConfigMap",
                        "{'metadata':{'finalizers':['a/b','c']}}",
                        "{'f:metadata':{'f:finalizers':{'v:`a/b`':{},'v:`c`':{}}}}"),
                new Case("command lists are atomic", "v1/Pod",
                        "{'spec':{'containers':[{'name':'c','command':['sh','-c']}]}}",
                        "{'f:spec':{'f:containers':{'k:{`name`:`c`}':{'.':{},'f:command':{},'f:name':{}}}}}"),
                new Case("empty objects and nulls are owned as they are", "v1/Pod",
                        "{'spec':{'containers':[{'name':'c','resources':{}}],'securityContext':null}}",
                        "{'f:spec':{'f:containers':{'k:{`name`:`c`}':{'.':{},'f:name':{},'f:resources':{}}},"
                                + "'f:securityContext':{}}}"),
                new Case("a service selector is an atomic map", "v1/Service",
                        "{'spec':{'selector':{'app':'a'},'ports':[{'port':80,'targetPort':8080}]}}",
                        "{'f:spec':{'f:ports':{'k:{`port`:80,`protocol`:`TCP`}':{'.':{},'f:port':{},"
                                + "'f:targetPort':{}}},'f:selector':{}}}"),
                new Case("an unknown kind is deduced: objects are maps, lists atomic", "example.com/v1/Widget",
                        "{'spec':{'size':{'x':1},'tags':['a']}}",
                        "{'f:spec':{'.':{},'f:size':{'.':{},'f:x':{}},'f:tags':{}}}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ownsExactlyTheAppliedFields(Case c) {
        int slash = c.kind().lastIndexOf('/');
        SchemaType type = MergeSchema.builtin().root(c.kind().substring(0, slash), c.kind().substring(slash + 1));

        FieldSet set = ValueFields.of(json(c.config()), type);

        assertThat(FieldsV1.encode(set)).isEqualTo(json(c.fieldsV1()));
        assertThat(FieldsV1.decode(FieldsV1.encode(set))).isEqualTo(set);
    }
}

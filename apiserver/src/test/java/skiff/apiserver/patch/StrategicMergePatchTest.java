package skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;

/**
 * Strategic merge patch cases, each taken from Kubernetes' documented behaviour (docs
 * tasks/manage-kubernetes-objects/update-api-object-kubectl-patch and the strategic-merge-patch design notes in
 * k/k community/contributors/devel/sig-api-machinery/strategic-merge-patch.md).
 */
class StrategicMergePatchTest {

    record Case(String name, String original, String patch, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("maps merge and null deletes a key",
                        "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                        "{'metadata':{'labels':{'a':null,'c':'3'}}}",
                        "{'metadata':{'labels':{'b':'2','c':'3'}}}"),
                new Case("containers merge by name and keep unpatched fields",
                        "{'containers':[{'name':'a','image':'x','args':['1']},{'name':'b','image':'y'}]}",
                        "{'containers':[{'name':'b','image':'z'}]}",
                        "{'containers':[{'name':'a','image':'x','args':['1']},{'name':'b','image':'z'}]}"),
                new Case("a container with a new name is appended",
                        "{'containers':[{'name':'a','image':'x'}]}",
                        "{'containers':[{'name':'b','image':'y'}]}",
                        "{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}"),
                new Case("$patch delete removes the list entry with that key",
                        "{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}",
                        "{'env':[{'name':'B','$patch':'delete'}]}",
                        "{'env':[{'name':'A','value':'1'}]}"),
                new Case("$patch replace on a map replaces it whole",
                        "{'spec':{'selector':{'a':'1','b':'2'}}}",
                        "{'spec':{'selector':{'$patch':'replace','c':'3'}}}",
                        "{'spec':{'selector':{'c':'3'}}}"),
                new Case("$patch replace on a list replaces it whole",
                        "{'containers':[{'name':'a'},{'name':'b'}]}",
                        "{'containers':[{'name':'c'},{'$patch':'replace'}]}",
                        "{'containers':[{'name':'c'}]}"),
                new Case("$setElementOrder puts the merged list in the given order",
                        "{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}",
                        "{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'a','image':'z'}]}",
                        "{'containers':[{'name':'b','image':'y'},{'name':'a','image':'z'}]}"),
                new Case("$deleteFromPrimitiveList removes values from a merged primitive list",
                        "{'metadata':{'finalizers':['x','y','z']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['y']}}",
                        "{'metadata':{'finalizers':['x','z']}}"),
                new Case("finalizers merge as a set",
                        "{'metadata':{'finalizers':['x']}}",
                        "{'metadata':{'finalizers':['y','x']}}",
                        "{'metadata':{'finalizers':['x','y']}}"),
                new Case("lists without a merge key are replaced",
                        "{'containers':[{'name':'a','args':['1','2']}]}",
                        "{'containers':[{'name':'a','args':['3']}]}",
                        "{'containers':[{'name':'a','args':['3']}]}"),
                new Case("container ports merge by containerPort",
                        "{'ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}",
                        "{'ports':[{'containerPort':80,'name':'web'}]}",
                        "{'ports':[{'containerPort':80,'name':'web'},{'containerPort':443}]}"),
                new Case("service ports merge by port",
                        "{'ports':[{'port':80,'targetPort':8080},{'port':81}]}",
                        "{'ports':[{'port':81,'targetPort':9090}]}",
                        "{'ports':[{'port':80,'targetPort':8080},{'port':81,'targetPort':9090}]}"),
                new Case("$retainKeys drops the keys it does not name",
                        "{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}",
                        "{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}",
                        "{'strategy':{'type':'Recreate'}}"),
                new Case("a $patch delete on a map removes the map",
                        "{'spec':{'affinity':{'x':1},'a':1}}",
                        "{'spec':{'affinity':{'$patch':'delete'}}}",
                        "{'spec':{'a':1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesAsKubernetesDocumentsIt(Case c) {
        assertThat(StrategicMergePatch.apply(json(c.original()), json(c.patch())))
                .isEqualTo(json(c.expected()));
    }

    private static tools.jackson.databind.JsonNode json(String singleQuoted) {
        return Json.parse(singleQuoted.replace('\'', '"').getBytes());
    }
}

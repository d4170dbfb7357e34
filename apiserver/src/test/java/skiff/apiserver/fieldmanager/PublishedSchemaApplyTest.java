package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.fieldmanager.Objects.json;
import static skiff.apiserver.fieldmanager.Objects.object;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply on built-in kinds takes its list and map semantics from Kubernetes' published OpenAPI schemas:
 * two managers applying to a Job, a CronJob, a PersistentVolume, a PodDisruptionBudget or a HorizontalPodAutoscaler
 * share or fight over fields as the schemas' x-kubernetes-list-type, list-map-keys and map-type say.
 */
class PublishedSchemaApplyTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2024-05-01T12:00:00Z"));

    private static ObjectNode job(String podSpec) {
        return object("{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j','namespace':'ns'},"
                + "'spec':{'template':{'spec':" + podSpec + "}}}");
    }

    private static ObjectNode applied(ApplyResult r) {
        assertThat(r).isInstanceOf(ApplyResult.Applied.class);
        return ((ApplyResult.Applied) r).object();
    }

    private static List<String> conflicts(ApplyResult r) {
        assertThat(r).isInstanceOf(ApplyResult.Conflicts.class);
        return ((ApplyResult.Conflicts) r).conflicts().stream().map(c -> c.field() + " " + c.message()).toList();
    }

    private static JsonNode fieldsOf(ObjectNode object, String manager) {
        for (JsonNode e : object.path("metadata").path("managedFields")) {
            if (e.path("manager").asString("").equals(manager)) {
                return e.get("fieldsV1");
            }
        }
        return null;
    }

    @Test
    void jobContainersAreKeyedByNameSoTwoManagersEachOwnTheirOwn() {
        FieldManager jobs = FieldManager.forKind("batch/v1", "Job", true, clock);
        ObjectNode live = applied(jobs.apply(null, job("{'containers':[{'name':'a','image':'x'}]}"), "one", "",
                false));

        ObjectNode both = applied(jobs.apply(live, job("{'containers':[{'name':'b','image':'y'}]}"), "two", "",
                false));

        assertThat(both.at("/spec/template/spec/containers")).isEqualTo(json(
                "[{'name':'a','image':'x'},{'name':'b','image':'y'}]"));
        assertThat(fieldsOf(both, "one")).isEqualTo(json("{'f:spec':{'f:template':{'f:spec':{'f:containers':"
                + "{'k:{`name`:`a`}':{'.':{},'f:image':{},'f:name':{}}}}}}}"));
        assertThat(fieldsOf(both, "two")).isEqualTo(json("{'f:spec':{'f:template':{'f:spec':{'f:containers':"
                + "{'k:{`name`:`b`}':{'.':{},'f:image':{},'f:name':{}}}}}}}"));
        assertThat(conflicts(jobs.apply(both, job("{'containers':[{'name':'a','image':'z'}]}"), "two", "", false)))
                .containsExactly(".spec.template.spec.containers[name=\"a\"].image conflict with \"one\"");
    }

    @Test
    void aManagerThatStopsApplyingItsJobContainerRemovesOnlyThatOne() {
        FieldManager jobs = FieldManager.forKind("batch/v1", "Job", true, clock);
        ObjectNode live = applied(jobs.apply(null, job("{'containers':[{'name':'a','image':'x'}],"
                + "'restartPolicy':'Never'}"), "one", "", false));
        live = applied(jobs.apply(live, job("{'containers':[{'name':'b','image':'y'}]}"), "two", "", false));

        ObjectNode next = applied(jobs.apply(live, job("{'containers':[],'restartPolicy':'Never'}"), "one", "",
                false));

        assertThat(next.at("/spec/template/spec/containers")).isEqualTo(json("[{'name':'b','image':'y'}]"));
    }

    @Test
    void cronJobContainerPortsAreKeyedByPortAndProtocolWithTcpByDefault() {
        FieldManager cronJobs = FieldManager.forKind("batch/v1", "CronJob", true, clock);
        String base = "'apiVersion':'batch/v1','kind':'CronJob','metadata':{'name':'c','namespace':'ns'}";
        ObjectNode live = applied(cronJobs.apply(null, object("{" + base + ",'spec':{'schedule':'* * * * *',"
                + "'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':"
                + "[{'containerPort':80,'protocol':'TCP','name':'web'}]}]}}}}}}"), "one", "", false));

        ObjectNode shared = applied(cronJobs.apply(live, object("{" + base + ",'spec':{'jobTemplate':{'spec':"
                + "{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080},"
                + "{'containerPort':53,'protocol':'UDP'}]}]}}}}}}"), "two", "", false));

        assertThat(shared.at("/spec/jobTemplate/spec/template/spec/containers/0/ports")).isEqualTo(json(
                "[{'containerPort':80,'protocol':'TCP','name':'web','hostPort':8080},"
                        + "{'containerPort':53,'protocol':'UDP'}]"));
    }

    @Test
    void aPersistentVolumeClaimRefIsGranularThoughObjectReferencesAreAtomic() {
        FieldManager volumes = FieldManager.forKind("v1", "PersistentVolume", true, clock);
        String base = "'apiVersion':'v1','kind':'PersistentVolume','metadata':{'name':'pv'}";
        ObjectNode live = applied(volumes.apply(null, object("{" + base + ",'spec':{'claimRef':{'name':'c'}}}"),
                "one", "", false));

        ObjectNode both = applied(volumes.apply(live, object("{" + base + ",'spec':{'claimRef':"
                + "{'namespace':'ns'}}}"), "two", "", false));

        assertThat(both.at("/spec/claimRef")).isEqualTo(json("{'name':'c','namespace':'ns'}"));
        assertThat(fieldsOf(both, "two")).isEqualTo(json("{'f:spec':{'f:claimRef':{'f:namespace':{}}}}"));
    }

    @Test
    void aPodDisruptionBudgetSelectorIsOwnedWhole() {
        FieldManager budgets = FieldManager.forKind("policy/v1", "PodDisruptionBudget", true, clock);
        String base = "'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'p','namespace':'n'}";
        ObjectNode live = applied(budgets.apply(null, object("{" + base + ",'spec':{'selector':"
                + "{'matchLabels':{'app':'x'}}}}"), "one", "", false));

        assertThat(conflicts(budgets.apply(live, object("{" + base + ",'spec':{'selector':"
                + "{'matchLabels':{'tier':'y'}}}}"), "two", "", false)))
                .containsExactly(".spec.selector conflict with \"one\"");
    }

    @Test
    void horizontalPodAutoscalerMetricsAreAtomicAndItsConditionsKeyedByType() {
        FieldManager autoscalers = FieldManager.forKind("autoscaling/v2", "HorizontalPodAutoscaler", true, clock);
        String base = "'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler',"
                + "'metadata':{'name':'h','namespace':'n'}";
        String cpu = "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
                + "'averageUtilization':50}}}";
        String memory = cpu.replace("cpu", "memory");
        ObjectNode live = applied(autoscalers.apply(null, object("{" + base + ",'spec':{'metrics':[" + cpu + "]}}"),
                "one", "", false));
        assertThat(conflicts(autoscalers.apply(live, object("{" + base + ",'spec':{'metrics':[" + memory + "]}}"),
                "two", "", false))).containsExactly(".spec.metrics conflict with \"one\"");

        live = applied(autoscalers.apply(live, object("{" + base + ",'status':{'conditions':"
                + "[{'type':'AbleToScale','status':'True'}]}}"), "one", "status", false));
        ObjectNode both = applied(autoscalers.apply(live, object("{" + base + ",'status':{'conditions':"
                + "[{'type':'ScalingActive','status':'False'}]}}"), "two", "status", false));
        assertThat(both.at("/status/conditions")).isEqualTo(json(
                "[{'type':'AbleToScale','status':'True'},{'type':'ScalingActive','status':'False'}]"));
    }

    @Test
    void customResourcesKeepTakingTheirSemanticsFromTheirSchema() {
        JsonNode schema = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'hosts':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['host'],"
                + "'items':{'type':'object','properties':{'host':{'type':'string'},'port':{'type':'integer',"
                + "'default':80}}}},"
                + "'tags':{'type':'array','items':{'type':'string'}}}}}}");
        FieldManager widgets = FieldManager.forCustomResource("example.com/v1", "Widget", true, schema, clock);
        String base = "'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w','labels':{'a':'1'}}";
        ObjectNode live = applied(widgets.apply(null, object("{" + base + ",'spec':{'hosts':[{'host':'x'}],"
                + "'tags':['t']}}"), "one", "", false));

        ObjectNode both = applied(widgets.apply(live, object("{'apiVersion':'example.com/v1','kind':'Widget',"
                + "'metadata':{'name':'w','labels':{'b':'2'}},'spec':{'hosts':[{'host':'y'}]}}"), "two", "", false));

        assertThat(both.at("/metadata/labels")).isEqualTo(json("{'a':'1','b':'2'}"));
        assertThat(both.at("/spec/hosts")).isEqualTo(json("[{'host':'x'},{'host':'y'}]"));
        assertThat(conflicts(widgets.apply(both, object("{" + base + ",'spec':{'tags':['u']}}"), "two", "",
                false))).containsExactly(".spec.tags conflict with \"one\"");
    }
}

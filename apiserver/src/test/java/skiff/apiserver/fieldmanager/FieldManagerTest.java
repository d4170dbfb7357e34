package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.apiserver.fieldmanager.Objects.json;
import static skiff.apiserver.fieldmanager.Objects.object;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Field ownership through applies and updates, as docs reference/using-api/server-side-apply describes it. */
class FieldManagerTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2024-05-01T12:00:00Z"));
    private final FieldManager deployments = FieldManager.forKind("apps/v1", "Deployment", true, clock);

    private static final String BASE = "'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'}";

    private static ObjectNode deployment(String spec) {
        return object("{" + BASE + ",'spec':" + spec + "}");
    }

    private ObjectNode apply(ObjectNode live, ObjectNode config, String manager) {
        ApplyResult r = deployments.apply(live, config, manager, "", false);
        assertThat(r).isInstanceOf(ApplyResult.Applied.class);
        return ((ApplyResult.Applied) r).object();
    }

    private static JsonNode entry(ObjectNode object, String manager, String operation) {
        for (JsonNode e : object.path("metadata").path("managedFields")) {
            if (e.path("manager").asString("").equals(manager) && e.path("operation").asString("").equals(operation)) {
                return e;
            }
        }
        return null;
    }

    private static List<String> managers(ObjectNode object) {
        List<String> out = new ArrayList<>();
        object.path("metadata").path("managedFields").forEach(e ->
                out.add(e.path("manager").asString() + "/" + e.path("operation").asString()));
        return out;
    }

    @Test
    void applyToAMissingObjectOwnsExactlyTheAppliedFields() {
        ObjectNode created = apply(null, deployment("{'replicas':2,'template':{'spec':{'containers':"
                + "[{'name':'c','image':'nginx'}]}}}"), "a");

        assertThat(created.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode e = entry(created, "a", "Apply");
        assertThat(e.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(e.path("fieldsType").asString()).isEqualTo("FieldsV1");
        assertThat(e.path("time").asString()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(e.get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{},'f:template':{'f:spec':"
                + "{'f:containers':{'k:{`name`:`c`}':{'.':{},'f:image':{},'f:name':{}}}}}}}"));
    }

    @Test
    void aSecondManagerChangingAnOwnedFieldConflicts() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");

        ApplyResult r = deployments.apply(live, deployment("{'replicas':3}"), "b", "", false);

        assertThat(r).isInstanceOf(ApplyResult.Conflicts.class);
        List<ApplyConflict> conflicts = ((ApplyResult.Conflicts) r).conflicts();
        assertThat(conflicts).extracting(c -> c.field().toString()).containsExactly(".spec.replicas");
        assertThat(conflicts).extracting(ApplyConflict::message).containsExactly("conflict with \"a\"");
    }

    @Test
    void applyingTheSameValueSharesOwnership() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");

        ObjectNode shared = apply(live, deployment("{'replicas':2}"), "b");

        assertThat(managers(shared)).containsExactlyInAnyOrder("a/Apply", "b/Apply");
    }

    @Test
    void forceTakesOwnershipFromTheOtherManager() {
        ObjectNode live = apply(null, deployment("{'replicas':2,'paused':true}"), "a");

        ApplyResult r = deployments.apply(live, deployment("{'replicas':3}"), "b", "", true);

        ObjectNode forced = ((ApplyResult.Applied) r).object();
        assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(entry(forced, "a", "Apply").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:paused':{}}}"));
        assertThat(entry(forced, "b", "Apply").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void aFieldLeftOutOfTheNextApplyIsRemoved() {
        ObjectNode live = apply(null, deployment("{'replicas':2,'paused':true,'template':{'spec':{'containers':"
                + "[{'name':'c','image':'nginx'},{'name':'d','image':'busybox'}]}}}"), "a");

        ObjectNode next = apply(live, deployment("{'replicas':2,'template':{'spec':{'containers':"
                + "[{'name':'c','image':'nginx'}]}}}"), "a");

        assertThat(next.path("spec").has("paused")).isFalse();
        assertThat(next.path("spec").path("template").path("spec").path("containers")).hasSize(1);
    }

    @Test
    void aFieldLeftOutButOwnedByAnotherApplierStays() {
        ObjectNode live = apply(null, deployment("{'replicas':2,'paused':true}"), "a");
        live = apply(live, deployment("{'paused':true}"), "b");

        ObjectNode next = apply(live, deployment("{'replicas':2}"), "a");

        assertThat(next.path("spec").path("paused").asBoolean()).isTrue();
        assertThat(entry(next, "b", "Apply").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:paused':{}}}"));
    }

    @Test
    void anUpdateTakesTheFieldsItChangesAndAppliesThenConflictWithIt() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");
        clock.advance(Duration.ofMinutes(1));
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);

        ObjectNode updated = deployments.update(live, scaled, "kubectl", "scale");

        assertThat(managers(updated)).containsExactly("kubectl/Update");
        JsonNode e = entry(updated, "kubectl", "Update");
        assertThat(e.path("subresource").asString()).isEqualTo("scale");
        assertThat(e.path("time").asString()).isEqualTo("2024-05-01T12:01:00Z");
        ApplyResult r = deployments.apply(updated, deployment("{'replicas':2}"), "a", "", false);
        assertThat(((ApplyResult.Conflicts) r).conflicts()).extracting(ApplyConflict::message)
                .containsExactly("conflict with \"kubectl\" with subresource \"scale\" using apps/v1");
    }

    @Test
    void aCreateOwnsWhatItSetButNotTheStatusOrIdentity() {
        ObjectNode created = object("{" + BASE.replace("'name':'d'", "'name':'d','uid':'u','labels':{'a':'b'}")
                + ",'spec':{'replicas':1},'status':{'replicas':0}}");

        ObjectNode tracked = deployments.update(null, created, "kubectl-create", "");

        assertThat(entry(tracked, "kubectl-create", "Update").get("fieldsV1")).isEqualTo(
                json("{'f:metadata':{'f:labels':{'.':{},'f:a':{}}},'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void requestManagedFieldsOfOneEmptyEntryClearThem() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");
        ObjectNode reset = live.deepCopy();
        ((ObjectNode) reset.get("metadata")).set("managedFields", json("[{}]"));

        ObjectNode updated = deployments.update(live, reset, "kubectl-patch", "");

        assertThat(updated.path("metadata").has("managedFields")).isFalse();
    }

    @Test
    void invalidRequestManagedFieldsAreIgnored() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");
        ObjectNode bogus = live.deepCopy();
        ((ObjectNode) bogus.get("metadata")).set("managedFields", json("[{'manager':'x','operation':'Steal'}]"));

        ObjectNode updated = deployments.update(live, bogus, "kubectl-edit", "");

        assertThat(managers(updated)).containsExactly("a/Apply");
    }

    @Test
    void anApplyMayNotCarryManagedFieldsOrAnotherKind() {
        ObjectNode withFields = deployment("{}");
        ((ObjectNode) withFields.get("metadata")).set("managedFields", json("[]"));

        assertThat(deployments.apply(null, withFields, "a", "", false))
                .isEqualTo(new ApplyResult.BadRequest("metadata.managedFields must be nil"));
        assertThat(deployments.apply(null, object("{'apiVersion':'v1','kind':'Pod'}"), "a", "", false))
                .isEqualTo(new ApplyResult.BadRequest("invalid object type: /v1, Kind=Pod"));
    }

    @Test
    void statusInAnApplyToTheMainResourceIsNotOwned() {
        ObjectNode created = apply(null, object("{" + BASE + ",'spec':{'replicas':1},'status':{'replicas':1}}"), "a");

        assertThat(entry(created, "a", "Apply").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void kubectlTakesOverFromItsClientSideApplyWhereTheValuesStillMatch() {
        String lastApplied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
                + "\"spec\":{\"replicas\":2}}";
        ObjectNode created = deployment("{'replicas':2}");
        ((ObjectNode) created.get("metadata")).putObject("annotations")
                .put(LastAppliedConfiguration.ANNOTATION, lastApplied);
        ObjectNode live = deployments.update(null, created, "kubectl-client-side-apply", "");

        ObjectNode applied = apply(live, deployment("{'replicas':3}"), "kubectl");

        assertThat(applied.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(applied.path("metadata").path("annotations").path(LastAppliedConfiguration.ANNOTATION).asString())
                .isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
                        + "\"spec\":{\"replicas\":3}}\n");
        assertThat(entry(applied, "kubectl", "Apply").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void updatersBeyondTenAreFoldedIntoAncientChanges() {
        ObjectNode live = deployment("{}");
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofSeconds(1));
            ObjectNode next = live.deepCopy();
            ((ObjectNode) next.get("spec")).put("f" + i, i);
            live = deployments.update(live, next, "m" + i, "");
        }

        assertThat(managers(live)).hasSize(10).contains("ancient-changes/Update").doesNotContain("m0/Update");
    }

    @Test
    void anAppliedListMayNotNameAnItemTwice() {
        ApplyResult r = deployments.apply(null, deployment("{'template':{'spec':{'containers':"
                + "[{'name':'c'},{'name':'c'}]}}}"), "a", "", false);

        assertThat(r).isEqualTo(new ApplyResult.BadRequest(
                ".spec.template.spec.containers: duplicate entries for key [name=\"c\"]"));
    }

    @Test
    void aStatusUpdateCannotRewriteManagedFields() {
        ObjectNode live = apply(null, deployment("{'replicas':2}"), "a");
        ObjectNode status = live.deepCopy();
        status.putObject("status").put("replicas", 2);
        ((ObjectNode) status.get("metadata")).set("managedFields", json("[{}]"));

        ObjectNode updated = deployments.update(live, status, "controller", "status");

        assertThat(managers(updated)).containsExactly("a/Apply", "controller/Update");
        assertThat(entry(updated, "controller", "Update").get("fieldsV1"))
                .isEqualTo(json("{'f:status':{'f:replicas':{}}}"));
    }
}

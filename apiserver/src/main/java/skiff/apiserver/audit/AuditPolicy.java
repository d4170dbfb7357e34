package skiff.apiserver.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import skiff.api.json.Json;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.RequestAttributes;
import tools.jackson.databind.JsonNode;

/**
 * An {@code audit.k8s.io/v1} Policy: the first rule that matches a request sets its level, the stages left out and
 * whether managed fields are dropped; a request no rule matches is not audited (k/k apiserver pkg/audit/policy
 * checker.go and reader.go, 1.32).
 */
public record AuditPolicy(List<AuditRule> rules, Set<AuditStage> omitStages, boolean omitManagedFields) {

    /** What the policy decides for one request. */
    public record Decision(AuditLevel level, Set<AuditStage> omitStages, boolean omitManagedFields) {
        static final Decision NONE = new Decision(AuditLevel.None, Set.of(), false);
    }

    /** Reads a policy file, YAML or JSON; a malformed one is refused with the reason. */
    public static AuditPolicy read(Path file) {
        JsonNode doc;
        try {
            doc = Json.parseYaml(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit policy " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the audit policy " + file + " is not YAML: " + e.getMessage(), e);
        }
        return parse(doc, file.toString());
    }

    static AuditPolicy parse(JsonNode doc, String source) {
        String apiVersion = doc.path("apiVersion").asString("");
        if (!doc.path("kind").asString("").equals("Policy") || !apiVersion.equals("audit.k8s.io/v1")) {
            throw new IllegalArgumentException("the audit policy " + source
                    + " must be kind Policy of apiVersion audit.k8s.io/v1");
        }
        List<AuditRule> rules = new ArrayList<>();
        for (JsonNode rule : doc.path("rules")) {
            rules.add(AuditRule.parse(rule, source));
        }
        // k/k reader.go: a policy without rules is refused.
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("the audit policy " + source + " has no rules");
        }
        return new AuditPolicy(List.copyOf(rules), AuditStage.parseAll(doc.path("omitStages")),
                doc.path("omitManagedFields").asBoolean(false));
    }

    /** The level and stages of a request by {@code user} with these attributes. */
    public Decision decide(UserInfo user, RequestAttributes request) {
        for (AuditRule rule : rules) {
            if (rule.matches(user, request)) {
                Set<AuditStage> omitted = EnumSet.noneOf(AuditStage.class);
                omitted.addAll(omitStages);
                omitted.addAll(rule.omitStages());
                Optional<Boolean> ruleOmits = rule.omitManagedFields();
                return new Decision(rule.level(), Set.copyOf(omitted), ruleOmits.orElse(omitManagedFields));
            }
        }
        return Decision.NONE;
    }
}

package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import skiff.api.validation.FieldError;
import skiff.apiserver.cel.CelLimits;
import skiff.apiserver.cel.EvaluationErrors;
import skiff.apiserver.cel.CompiledExpression;
import tools.jackson.databind.JsonNode;

/**
 * The x-kubernetes-validations of a structural schema, compiled once and run against custom objects (k/k 1.32
 * apiextensions-apiserver pkg/apiserver/schema/cel/validation.go Validator). Rules run on every non-null value their
 * node describes; transition rules (those reading oldSelf) run only on an update where the old value exists, or
 * with oldSelf an empty optional when the rule sets optionalOldSelf. Old values are found by property name, map key
 * and, in lists of x-kubernetes-list-type map, by the list map keys; other list items have none. All rules of one
 * request share one cost budget.
 */
final class CelValidator {
    private final StructuralSchema schema;
    private final boolean resource;
    private final List<CelRule> rules;
    private final Map<String, CelValidator> properties;
    private final CelValidator items;
    private final CelValidator additionalProperties;

    private CelValidator(StructuralSchema schema, boolean resource, List<CelRule> rules,
            Map<String, CelValidator> properties, CelValidator items, CelValidator additionalProperties) {
        this.schema = schema;
        this.resource = resource;
        this.rules = rules;
        this.properties = properties;
        this.items = items;
        this.additionalProperties = additionalProperties;
    }

    /** The validator of a resource's schema; empty when the schema has no rules. */
    static Optional<CelValidator> of(StructuralSchema root) {
        return Optional.ofNullable(build(root, true));
    }

    private static CelValidator build(StructuralSchema s, boolean resource) {
        // Rules that do not compile were refused with the CRD; cost and correlation were checked there too.
        List<CelRule> rules = CelRuleCompiler.compile(s, resource, null, 1).rules();
        Map<String, CelValidator> properties = new LinkedHashMap<>();
        s.properties().forEach((name, child) -> {
            CelValidator v = build(child, child.embeddedResource());
            if (v != null) {
                properties.put(name, v);
            }
        });
        CelValidator items = s.items() == null ? null : build(s.items(), s.items().embeddedResource());
        CelValidator additional = s.additionalProperties() == null ? null
                : build(s.additionalProperties(), s.additionalProperties().embeddedResource());
        if (rules.isEmpty() && properties.isEmpty() && items == null && additional == null) {
            return null;
        }
        return new CelValidator(s, resource, rules, Map.copyOf(properties), items, additional);
    }

    /** The errors of {@code object} ({@code old}: its stored version on an update, else null). */
    List<FieldError> validate(JsonNode object, JsonNode old) {
        return validate(object, old, warning -> { });
    }

    /**
     * The errors of {@code object}; on an update the failures of rules that do not read oldSelf on values that
     * have not changed are ratcheted: {@code warnings} takes them instead.
     */
    List<FieldError> validate(JsonNode object, JsonNode old, Consumer<String> warnings) {
        Budget budget = new Budget(CelLimits.RUNTIME_BUDGET);
        List<FieldError> errors = new ArrayList<>();
        Ratchet root = old == null || old.isNull() ? null : new Ratchet(object, old, null);
        validate(object, old, "", new Output(errors, warnings), budget, root);
        return errors;
    }

    private record Output(List<FieldError> errors, Consumer<String> warnings) {}

    /**
     * Where a node stands for ratcheting (k/k 1.32 apiextensions-apiserver pkg/apiserver/schema/cel/validation.go
     * ratchetingOptions.shouldRatchetError): a node correlated with an old value is unchanged when it equals it; a
     * node that is not (an item of a list that is not of type map) is unchanged when its nearest correlated
     * ancestor is. {@code old} is null for an uncorrelated node, whose {@code nearest} is that ancestor.
     */
    private record Ratchet(JsonNode value, JsonNode old, Ratchet nearest) {
        boolean unchanged() {
            return old != null ? JsonKinds.equal(old, value) : nearest != null && nearest.unchanged();
        }

        Ratchet child(JsonNode childValue, JsonNode childOld) {
            Ratchet correlated = old != null ? this : nearest;
            return correlated == null ? null : new Ratchet(childValue, childOld, correlated);
        }
    }

    private static final class Budget {
        long remaining;

        Budget(long remaining) {
            this.remaining = remaining;
        }
    }

    private void validate(JsonNode value, JsonNode old, String path, Output out, Budget budget, Ratchet ratchet) {
        if (value == null || value.isNull() || budget.remaining < 0) {
            return;
        }
        if (old != null && old.isNull()) {
            old = null;
        }
        expressions(value, old, path, out, budget, ratchet);
        if (budget.remaining < 0) {
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                CelValidator property = properties.get(e.getKey());
                CelValidator v = property != null ? property
                        : schema.properties().containsKey(e.getKey()) ? null : additionalProperties;
                if (v != null) {
                    String child = property != null ? SchemaValidator.child(path, e.getKey())
                            : path + "[" + e.getKey() + "]";
                    JsonNode oldChild = old == null ? null : old.get(e.getKey());
                    v.validate(e.getValue(), oldChild, child, out, budget,
                            ratchet == null ? null : ratchet.child(e.getValue(), oldChild));
                    if (budget.remaining < 0) {
                        return;
                    }
                }
            }
        } else if (value.isArray() && items != null) {
            Map<List<JsonNode>, JsonNode> oldItems = oldListMapItems(old);
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                JsonNode oldItem = oldItems.isEmpty() ? null : oldItems.get(keys(item));
                items.validate(item, oldItem, path + "[" + i + "]", out, budget,
                        ratchet == null ? null : ratchet.child(item, oldItem));
                if (budget.remaining < 0) {
                    return;
                }
            }
        }
    }

    // maplist.go: only items of a list of type map can be matched with their old selves, by the list's keys.
    private Map<List<JsonNode>, JsonNode> oldListMapItems(JsonNode old) {
        if (old == null || !old.isArray() || !schema.listType().equals("map") || schema.listMapKeys().isEmpty()) {
            return Map.of();
        }
        Map<List<JsonNode>, JsonNode> byKeys = new HashMap<>();
        old.forEach(item -> byKeys.putIfAbsent(keys(item), item));
        return byKeys;
    }

    private List<JsonNode> keys(JsonNode item) {
        List<JsonNode> keys = new ArrayList<>();
        for (String key : schema.listMapKeys()) {
            keys.add(item.path(key));
        }
        return keys;
    }

    private void expressions(JsonNode value, JsonNode old, String path, Output out, Budget budget,
            Ratchet ratchet) {
        if (rules.isEmpty()) {
            return;
        }
        List<FieldError> errors = out.errors();
        String at = path.isEmpty() ? "<nil>" : path;
        String type = schema.type();
        if (budget.remaining <= 0) {
            errors.add(FieldError.invalid(at, type, "validation failed due to running out of cost budget, no "
                    + "further validation rules will be run"));
            budget.remaining = -1;
            return;
        }
        Object self = CelValues.of(value, schema, resource);
        Object oldSelf = old == null ? null : CelValues.of(old, schema, resource);
        for (CelRule rule : rules) {
            if (rule.usesOldSelf() && oldSelf == null && !rule.rule().optionalOldSelf()) {
                continue;
            }
            Map<String, Object> variables = new HashMap<>();
            variables.put("self", self);
            if (rule.rule().optionalOldSelf()) {
                variables.put("oldSelf", Optional.ofNullable(oldSelf));
            } else if (oldSelf != null) {
                variables.put("oldSelf", oldSelf);
            }
            String ruleText = ruleErrorString(rule.rule());
            Object result;
            try {
                CompiledExpression.Result r = rule.expression().evaluate(variables,
                        Math.min(CelLimits.PER_CALL_LIMIT, budget.remaining));
                budget.remaining -= r.cost();
                result = r.value();
            } catch (CompiledExpression.CostLimitExceeded e) {
                boolean perCall = budget.remaining > CelLimits.PER_CALL_LIMIT;
                errors.add(FieldError.invalid(at, type, perCall
                        ? "'" + e.getMessage() + "': no further validation rules will be run due to call cost "
                                + "exceeds limit for rule: " + ruleText
                        : "validation failed due to running out of cost budget, no further validation rules will "
                                + "be run"));
                budget.remaining = -1;
                return;
            } catch (dev.cel.runtime.CelEvaluationException e) {
                errors.add(FieldError.invalid(at, type, EvaluationErrors.describe(e) + " evaluating rule: " + ruleText));
                continue;
            }
            if (Boolean.TRUE.equals(result)) {
                continue;
            }
            String field = rule.fieldPath().isEmpty() ? at : path.isEmpty() ? rule.fieldPath()
                    : path + "." + rule.fieldPath();
            String detail = message(rule, variables, budget);
            if (budget.remaining < 0) {
                errors.add(FieldError.invalid(field, type, detail));
                return;
            }
            FieldError error = error(field, type, detail, rule.rule().reason());
            if (!rule.usesOldSelf() && ratchet != null && ratchet.unchanged()) {
                out.warnings().accept(error.toString());
            } else {
                errors.add(error);
            }
        }
    }

    // validation.go evalMessageExpression: the trimmed string, or the rule's message when it fails or is unusable.
    private static String message(CelRule rule, Map<String, Object> variables, Budget budget) {
        if (rule.messageExpression() != null) {
            try {
                CompiledExpression.Result r = rule.messageExpression().evaluate(variables,
                        Math.min(CelLimits.PER_CALL_LIMIT, budget.remaining));
                budget.remaining -= r.cost();
                String text = String.valueOf(r.value()).trim();
                if (!text.isEmpty() && !text.contains("\n") && text.length() <= 5 * 1024) {
                    return text;
                }
            } catch (CompiledExpression.CostLimitExceeded e) {
                budget.remaining = -1;
                return "messageExpression evaluation failed due to running out of cost budget, no further "
                        + "validation rules will be run";
            } catch (dev.cel.runtime.CelEvaluationException e) {
                // As Kubernetes: a failing messageExpression falls back to the message.
            }
        }
        return rule.rule().message().isEmpty() ? "failed rule: " + ruleErrorString(rule.rule())
                : rule.rule().message().trim();
    }

    private static FieldError error(String field, String type, String detail, String reason) {
        return switch (reason) {
            case "FieldValueForbidden" -> FieldError.forbidden(field, detail);
            case "FieldValueRequired" -> FieldError.required(field, detail);
            case "FieldValueDuplicate" -> FieldError.duplicate(field, type);
            default -> FieldError.invalid(field, type, detail);
        };
    }

    private static String ruleErrorString(ValidationRule rule) {
        return rule.message().isEmpty() ? rule.rule().trim() : rule.message().trim();
    }

    // cel-go's text for the error users meet most, a field that is not set ("no such key: replicas"); other
    // errors keep dev.cel's words without its source position.
}

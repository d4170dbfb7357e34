package skiff.apiserver.http;

import java.util.List;
import skiff.api.selector.FieldSelector;
import skiff.api.selector.LabelSelector;
import skiff.api.selector.SelectorParseException;
import skiff.api.validation.FieldError;
import skiff.apiserver.fieldmanager.FieldManagerName;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;

/** Reads list, write and delete options from query parameters and bodies, with Kubernetes' error messages. */
final class RequestOptions {
    private RequestOptions() {}

    static ListOptions list(RequestParameters ex, ResourceDefinition def) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(ex.param("labelSelector", ""));
        } catch (SelectorParseException e) {
            throw StatusException.badRequest("unable to parse requirement: " + e.getMessage());
        }
        try {
            fields = FieldSelector.parse(ex.param("fieldSelector", ""));
        } catch (SelectorParseException e) {
            throw StatusException.badRequest(e.getMessage());
        }
        for (FieldSelector.Requirement r : fields.requirements()) {
            String f = r.field();
            if (!f.equals("metadata.name") && !f.equals("metadata.namespace") && !def.fieldLabels().contains(f)) {
                throw StatusException.badRequest("field label not supported: " + f);
            }
        }
        String rvMatch = ex.param("resourceVersionMatch", "");
        String rv = ex.param("resourceVersion", "");
        // k/k endpoints/handlers/get.go ListResource: invalid options are an Invalid ListOptions.
        List<FieldError> errors = ListOptionsValidation.validate(ex.flag("watch"), rv, rvMatch,
                ex.param("continue", ""), ex.param("sendInitialEvents"));
        if (!errors.isEmpty()) {
            throw StatusException.invalid("meta.k8s.io", "ListOptions", "", errors);
        }
        String cont = ex.param("continue");
        if (cont != null && !cont.isEmpty() && !rv.isEmpty() && !rv.equals("0")) {
            throw StatusException.badRequest("specifying resource version is not allowed when using continue");
        }
        return new ListOptions(labels, fields, rv, rvMatch, number(ex, "limit"), cont, ex.flag("allowWatchBookmarks"),
                number(ex, "timeoutSeconds"));
    }

    static WriteOptions write(Exchange ex) {
        boolean dryRun = dryRun(ex.params("dryRun"));
        String fieldManager = ex.param("fieldManager");
        List<FieldError> errors = fieldManager == null ? List.of() : FieldManagerName.validate(fieldManager);
        if (!errors.isEmpty()) {
            // k/k apiserver endpoints/handlers create.go, update.go, patch.go: an Invalid of the verb's options.
            String kind = switch (ex.method()) {
                case "POST" -> "CreateOptions";
                case "PATCH" -> "PatchOptions";
                default -> "UpdateOptions";
            };
            throw StatusException.invalid("meta.k8s.io", kind, "", errors);
        }
        return new WriteOptions(dryRun, fieldManager, ex.header("User-Agent"), ex.user(), ex::warning,
                ex::auditAnnotation);
    }

    static DeleteOptions delete(Exchange ex) {
        return DeleteRequestOptions.read(ex).withUser(ex.user())
                .withAdmissionOutput(ex::warning, ex::auditAnnotation);
    }

    static boolean dryRun(List<String> values) {
        for (String v : values) {
            if (!v.equals("All")) {
                throw StatusException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
            }
        }
        return !values.isEmpty();
    }

    private static long number(RequestParameters ex, String name) {
        String v = ex.param(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid value for " + name + ": " + v);
        }
    }
}

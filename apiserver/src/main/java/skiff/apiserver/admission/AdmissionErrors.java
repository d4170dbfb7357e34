package skiff.apiserver.admission;

import java.util.List;
import skiff.apiserver.status.StatusException;

/** The refusals admission plugins answer with. */
public final class AdmissionErrors {
    private AdmissionErrors() {}

    // k/k apiserver pkg/admission/errors.go NewForbidden: names the request's object, else the object's name or
    // generateName (names are generated later), else "Unknown".
    static StatusException forbidden(AdmissionRequest request, String why, List<StatusException.Cause> causes) {
        return StatusException.forbidden(request.resource(), objectName(request), why, causes);
    }

    /** The name admission refusals give the request's object. */
    public static String objectName(AdmissionRequest request) {
        String name = request.name();
        if (name == null || name.isEmpty()) {
            name = "Unknown";
            if (request.object() != null) {
                String own = request.object().path("metadata").path("name").asString("");
                String generate = request.object().path("metadata").path("generateName").asString("");
                name = !own.isEmpty() ? own : !generate.isEmpty() ? generate : name;
            }
        }
        return name;
    }
}

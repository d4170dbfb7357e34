package skiff.apiserver.fieldmanager;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** How a server-side apply ended: the object to store, the conflicts that stopped it, or a refused request. */
public sealed interface ApplyResult {
    /** The object to store, with its new managedFields. */
    record Applied(ObjectNode object) implements ApplyResult {}

    /** Fields other managers own that the apply would change; nothing was changed. */
    record Conflicts(List<ApplyConflict> conflicts) implements ApplyResult {}

    /** The applied configuration cannot be applied as sent (HTTP 400). */
    record BadRequest(String message) implements ApplyResult {}

    /** The stored object's managedFields cannot be read (HTTP 500). */
    record Failed(String message) implements ApplyResult {}
}

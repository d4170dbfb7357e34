package skiff.apiserver.admission;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The cluster's PriorityClasses, which the Priority admission plugin resolves pods' priorities from. */
public interface PriorityClassLookup {
    PriorityClassLookup NONE = List::of;

    List<ObjectNode> priorityClasses();
}

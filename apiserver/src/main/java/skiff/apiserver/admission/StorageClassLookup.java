package skiff.apiserver.admission;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The cluster's StorageClasses, which the storage admission plugins read. */
public interface StorageClassLookup {
    StorageClassLookup NONE = List::of;

    List<ObjectNode> storageClasses();
}

package skiff.apiserver.discovery;

import java.util.List;
import skiff.apiserver.resource.ResourceDefinition;

/** The subresources that have a handler, per resource: the only ones discovery lists. */
@FunctionalInterface
public interface ServedSubresources {
    /** The resource's served subresources, sorted by name. */
    List<SubresourceDescription> of(ResourceDefinition resource);
}

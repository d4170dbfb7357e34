package skiff.apiserver.table;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The wide {@code Containers} and {@code Images} cells of a pod template. */
record ContainerCells(String names, String images) {

    // k/k pkg/printers/internalversion/printers.go layoutContainerCells: names and images in spec order, comma-joined.
    static ContainerCells of(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode container : WireValues.items(podSpec.path("containers"))) {
            names.add(WireValues.string(container.path("name")));
            images.add(WireValues.string(container.path("image")));
        }
        return new ContainerCells(String.join(",", names), String.join(",", images));
    }

    /** The containers of {@code spec.template.spec}. */
    static ContainerCells ofTemplate(JsonNode object) {
        return of(object.path("spec").path("template").path("spec"));
    }
}

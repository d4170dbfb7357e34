package skiff.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/** The object a write left behind, and whether the write created it (PUT and apply may create). */
public record WriteOutcome(ObjectNode object, boolean created) {}

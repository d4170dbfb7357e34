package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A revision of a StatefulSet's pod template: its ControllerRevision's name and the template it records. */
record Revision(String name, PodTemplateSpec template) {}

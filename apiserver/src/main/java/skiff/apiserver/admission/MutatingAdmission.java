package skiff.apiserver.admission;

/** A plugin that may change the object before the registry prepares and validates it (admission.MutationInterface). */
public non-sealed interface MutatingAdmission extends AdmissionPlugin {

    void admit(AdmissionRequest request);
}

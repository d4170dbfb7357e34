package skiff.apiserver.admission;

/** A plugin that checks the fully formed object just before it is stored (admission.ValidationInterface). */
public non-sealed interface ValidatingAdmission extends AdmissionPlugin {

    void validate(AdmissionRequest request);
}

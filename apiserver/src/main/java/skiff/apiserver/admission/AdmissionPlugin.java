package skiff.apiserver.admission;

import java.util.Set;

/**
 * A named admission plugin (k/k apiserver pkg/admission/interfaces.go Interface): it handles some operations, and
 * mutates ({@link MutatingAdmission}) and/or validates ({@link ValidatingAdmission}) them. A refusal is thrown as a
 * {@link skiff.apiserver.status.StatusException}.
 */
public sealed interface AdmissionPlugin permits MutatingAdmission, ValidatingAdmission {

    /** The name {@code --enable-admission-plugins} selects it by. */
    String name();

    Set<Operation> operations();
}

package skiff.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import skiff.testing.CrdManifest;

/** A CRD installed through kubectl as an operator's install does it: applied, then Established, then its kind used. */
final class CustomResources {
    private CustomResources() {}

    /** Applies {@code crd} and waits until it is Established. */
    static void establish(Kubectl kubectl, CrdManifest crd) {
        kubectl.succeed("apply", "-f", kubectl.file(crd.plural() + "-crd.yaml", crd.yaml()));
        kubectl.succeed("wait", "--for=condition=Established", "--timeout=10s", "crd/" + crd.name());
    }

    /**
     * Applies {@code manifest} (a file {@code fileName}) with {@code args} once its kind is served: kubectl finds a
     * kind established a moment ago only when its discovery cache is refreshed.
     */
    static void applyWhenServed(Kubectl kubectl, String fileName, String manifest, String... args) {
        String file = kubectl.file(fileName, manifest);
        String[] command = new String[args.length + 3];
        command[0] = "apply";
        System.arraycopy(args, 0, command, 1, args.length);
        command[args.length + 1] = "-f";
        command[args.length + 2] = file;
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run(command).succeeded());
    }
}

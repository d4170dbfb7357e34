#!/usr/bin/env bash
# Q5, Q6, Q7: a static pod runs from a file the kubelet reads, with no API object first; its mirror pod in the API is
# a read-only copy: deleting or editing it changes nothing that runs, changing the file replaces the pod.
source "$(dirname "$0")/../lib.sh"
example_begin static-pods
require_static_pods

node="$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')"
mirror="clock-$node"
manifest="$SKIFF_POD_MANIFEST_PATH/ex-static-pods-clock.yaml"
on_exit rm -f "$manifest"
# The fields that tell a pod apart from another pod of the same name, and the container that runs it.
identity() { k get pod "$mirror" -o jsonpath='{.metadata.uid} {.status.containerStatuses[0].containerID}'; }
container_id() { k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].containerID}'; }
annotation() { k get pod "$mirror" -o jsonpath="{.metadata.annotations.kubernetes\.io/config\.$1}"; }
# The kubelet writes the file it is given; a dot-file is ignored, so write one and rename it (no half-read file).
install_manifest() { cp "$1" "$SKIFF_POD_MANIFEST_PATH/.clock.tmp" && mv "$SKIFF_POD_MANIFEST_PATH/.clock.tmp" "$manifest"; }

say "Where does this cluster's control plane run? (kubeadm: static pods in kube-system; Skiff: inside its server)"
show kubectl get pods -n kube-system
check "no kube-apiserver pod: Skiff's control plane runs in its own process, not in static pods" \
  "$(kubectl get pods -n kube-system -o name | grep -cE 'kube-apiserver|etcd|kube-scheduler|kube-controller-manager')" "0"

say "Before: the API has no pod in $NS"
show k get pods
check "the API holds no pod before the file is written" "$(k get pods -o name | wc -l)" "0"

say "Write the manifest into the kubelet's --pod-manifest-path ($SKIFF_POD_MANIFEST_PATH), and nothing else"
watch_pods
show cat "$(dirname "$0")/clock.yaml"
install_manifest "$(dirname "$0")/clock.yaml"
wait_for "the mirror pod $mirror" 60 k get pod "$mirror"
wait_for "$mirror to be Ready" 60 k wait --for=condition=Ready "pod/$mirror" --timeout=5s
show k get pods -o wide

say "The mirror pod: the pod's name suffixed with the node's, annotations saying where it came from, owned by the Node"
printf '$ kubectl -n %s get pod %s -o yaml   (its metadata)\n' "$NS" "$mirror"
k get pod "$mirror" -o yaml | sed -n '/^metadata:/,/^spec:/p' | grep -v '^spec:'
check "the mirror pod's name is the file's name plus -<node name>" "$(k get pods -o name)" "pod/$mirror"
check "kubernetes.io/config.source is file" "$(annotation source)" "file"
hash1="$(annotation hash)"
check_match "kubernetes.io/config.hash is the static pod's hash" "$hash1" '^[0-9a-f]{32}$'
check "kubernetes.io/config.mirror carries the same hash" "$(annotation mirror)" "$hash1"
check "its controller is the Node $node" \
  "$(k get pod "$mirror" -o jsonpath='{.metadata.ownerReferences[?(@.controller==true)].kind}/{.metadata.ownerReferences[?(@.controller==true)].name}')" \
  "Node/$node"
check "the pod runs on that node (no scheduler involved)" "$(k get pod "$mirror" -o jsonpath='{.spec.nodeName}')" "$node"

say "What the container printed when it started (its start time and a token that lives as long as the container)"
show k logs "$mirror"
started1="$(k logs "$mirror" | head -n 1)"
id1="$(container_id)"

say "Q7: edit the mirror pod through the API: a label the kubelet never reads"
show k label pod "$mirror" edited=by-hand
check "the container is the same after the edit" "$(container_id)" "$id1"

say "Q7: delete the mirror pod: the kubelet creates it again, the container never stops"
uid1="$(k get pod "$mirror" -o jsonpath='{.metadata.uid}')"
show k delete pod "$mirror" --wait=false
wait_until "a new mirror pod object" 60 new "u=\$(k get pod $mirror -o jsonpath='{.metadata.uid}'); [ -n \"\$u\" ] && [ \"\$u\" != $uid1 ] && echo new"
wait_until "the new mirror to report the container" 30 "$id1" container_id
show k get pod "$mirror" -o jsonpath='{.metadata.uid} {.metadata.labels}{"\n"}'
show k logs "$mirror" --tail=1 --prefix=false
check "the recreated mirror is a new API object (a new UID)" \
  "$([ "$(k get pod "$mirror" -o jsonpath='{.metadata.uid}')" != "$uid1" ] && echo new)" "new"
check "the hand-made label is gone: the mirror is copied from the file again" \
  "$(k get pod "$mirror" -o jsonpath='{.metadata.labels.edited}')" ""
check "the same container still runs (same container ID)" "$(container_id)" "$id1"
check "it printed its start line once: it was never restarted" "$(k logs "$mirror" | head -n 1)" "$started1"
check "restartCount is 0" "$(k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].restartCount}')" "0"

say "Change the file (VERSION 1 -> 2): a new static pod replaces the old one, and a new mirror with it"
sed 's/value: "1"/value: "2"/' "$(dirname "$0")/clock.yaml" > "$SKIFF_POD_MANIFEST_PATH/.clock.v2"
install_manifest "$SKIFF_POD_MANIFEST_PATH/.clock.v2"
rm -f "$SKIFF_POD_MANIFEST_PATH/.clock.v2"
wait_until "the mirror of the new file" 60 yes "h=\$(k get pod $mirror -o jsonpath='{.metadata.annotations.kubernetes\.io/config\.mirror}'); [ -n \"\$h\" ] && [ \"\$h\" != $hash1 ] && echo yes"
wait_for "the new pod to be Ready" 60 k wait --for=condition=Ready "pod/$mirror" --timeout=5s
wait_until "the new container's first line" 30 yes "k logs $mirror | head -n 1 | grep -q '^version 2' && echo yes"
show k logs "$mirror"
check_match "the new pod's container runs the new file's command" "$(k logs "$mirror" | head -n 1)" "^version 2 started"
check "its hash changed" "$([ "$(annotation hash)" != "$hash1" ] && echo changed)" "changed"
check "its container is a new one" "$([ "$(container_id)" != "$id1" ] && echo new)" "new"

say "Remove the file: the only way to stop a static pod"
rm -f "$manifest"
wait_until "the mirror pod to go" 60 0 "k get pods -o name | wc -l"
check "no pod is left in the API" "$(k get pods -o name | wc -l)" "0"
show_events --field-selector involvedObject.kind=Pod

example_end

#!/usr/bin/env bash
# Q8: an ordinary pod is healed by controllers through the API (a new pod, new name and UID, or none at all for a
# bare pod); a static pod is healed by its node's kubelet alone, from its file: containers restarted, the mirror
# recreated, and it runs until the file is removed.
source "$(dirname "$0")/../lib.sh"
example_begin self-healing
require_static_pods

node="$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')"
mirror="healer-$node"
manifest="$SKIFF_POD_MANIFEST_PATH/ex-self-healing-healer.yaml"
on_exit rm -f "$manifest"
uid() { k get pod "$1" -o jsonpath='{.metadata.uid}'; }
# The ReplicaSet's pod that is not being deleted.
kept_pod() {
  k get pods -l app=kept -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\n"}{end}' |
    awk 'NF == 1 {print $1}'
}

say "Start an ordinary bare pod, a ReplicaSet of one pod, and a static pod (a file in the kubelet's manifest directory)"
watch_pods
show k apply -f "$(dirname "$0")/pods.yaml"
cp "$(dirname "$0")/healer.yaml" "$SKIFF_POD_MANIFEST_PATH/.healer.tmp" && mv "$SKIFF_POD_MANIFEST_PATH/.healer.tmp" "$manifest"
wait_until "the ReplicaSet's pod" 60 1 "kept_pod | wc -w"
wait_for "the mirror pod $mirror" 60 k get pod "$mirror"
wait_for "all three pods Ready" 60 k wait --for=condition=Ready pod --all --timeout=5s
show k get pods -o custom-columns=NAME:.metadata.name,UID:.metadata.uid,OWNER:.metadata.ownerReferences[0].kind

say "Delete the bare pod: it is gone for good, since nothing in the cluster wants it back"
show k delete pod bare
show k get pods -l app=bare
check "no pod replaces the bare pod" "$(k get pods -l app=bare -o name | wc -l)" "0"

say "Delete the ReplicaSet's pod: the ReplicaSet (a controller, through the API) makes another, a new pod"
old="$(kept_pod)"; old_uid="$(uid "$old")"
show k delete pod "$old"
wait_until "a replacement pod" 60 yes "p=\$(kept_pod); [ -n \"\$p\" ] && [ \"\$p\" != $old ] && echo yes"
new="$(kept_pod)"
show k get pods -l app=kept -o custom-columns=NAME:.metadata.name,UID:.metadata.uid,OWNER:.metadata.ownerReferences[0].name
check "the replacement has a new name" "$([ "$new" != "$old" ] && echo new)" "new"
check "and a new UID" "$([ "$(uid "$new")" != "$old_uid" ] && echo new)" "new"

say "Kill the static pod's container: its kubelet restarts it in the same pod (restartCount), no controller involved"
show k exec "$mirror" -- sh -c 'kill -TERM $(cat "${SKIFF_VOLUME_RUN:-/run/healer}/pid")'
wait_until "restartCount 1" 60 1 "k get pod $mirror -o jsonpath='{.status.containerStatuses[0].restartCount}'"
wait_for "$mirror Ready again" 60 k wait --for=condition=Ready "pod/$mirror" --timeout=5s
show k logs "$mirror" --previous
show k logs "$mirror"
show k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].lastState}{"\n"}'
check "the killed container ended on SIGTERM (exit 143)" \
  "$(k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode}')" "143"
check "the restarted container runs in the same pod" "$(k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].restartCount} {.metadata.name}')" "1 $mirror"

say "Delete the static pod's mirror: the kubelet publishes it again; the pod itself never stopped"
mirror_uid="$(uid "$mirror")"
show k delete pod "$mirror" --wait=false
wait_until "a new mirror pod" 60 yes "u=\$(k get pod $mirror -o jsonpath='{.metadata.uid}'); [ -n \"\$u\" ] && [ \"\$u\" != $mirror_uid ] && echo yes"
wait_until "the new mirror's status" 30 1 "k get pod $mirror -o jsonpath='{.status.containerStatuses[0].restartCount}'"
check "the mirror is back (a new API object) and the container was not restarted again" \
  "$(k get pod "$mirror" -o jsonpath='{.status.containerStatuses[0].restartCount}')" "1"
show k get pod "$mirror" -o jsonpath='owner: {.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}{"\n"}'
show k get replicasets,deployments,daemonsets,statefulsets,jobs
check "no controller in the namespace but the ReplicaSet kept" \
  "$(k get replicasets,deployments,daemonsets,statefulsets,jobs -o name)" "replicaset.apps/kept"
check "the mirror's only owner is the Node" \
  "$(k get pod "$mirror" -o jsonpath='{.metadata.ownerReferences[*].kind}/{.metadata.ownerReferences[*].name}')" "Node/$node"

say "Remove the file: the only way to stop a static pod"
rm -f "$manifest"
wait_until "the static pod to go" 60 0 "k get pods -o name | grep -c healer"
check "the static pod is gone" "$(k get pods -o name | grep -c healer)" "0"
show_events --field-selector involvedObject.kind=Pod

example_end

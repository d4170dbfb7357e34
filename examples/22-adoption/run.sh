#!/usr/bin/env bash
# Q22, Q24: a ReplicaSet adopts bare pods its selector matches; pods made before it count toward its replicas, a pod
# made after it is one too many and is deleted.
source "$(dirname "$0")/../lib.sh"
example_begin adoption
here="$(dirname "$0")"
owner() { k get pod "$1" -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}' 2>/dev/null; }
owners() {
  k get pods -l app=adopt -o custom-columns=NAME:.metadata.name,OWNER-KIND:.metadata.ownerReferences[0].kind,OWNER:.metadata.ownerReferences[0].name,CONTROLLER:.metadata.ownerReferences[0].controller,DELETING:.metadata.deletionTimestamp
}

say "Pods first: two bare pods labelled app=adopt, owned by nobody"
watch_pods
show k apply -f "$here/bare-pods.yaml"
wait_for "both bare pods Ready" 60 k wait --for=condition=Ready pod/early-1 pod/early-2 --timeout=5s
owners
check "early-1 has no owner" "$(owner early-1)" "/"

say "Then a ReplicaSet of 3 selecting app=adopt: it adopts both and creates only the difference"
show k apply -f "$here/rs.yaml"
wait_for "3 ready replicas" 60 k wait rs/adopt --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
owners
show k get pod early-1 -o jsonpath='{.metadata.ownerReferences}{"\n"}'
check "early-1 was adopted: its controller is the ReplicaSet" "$(owner early-1)" "ReplicaSet/adopt"
check "early-2 was adopted too" "$(owner early-2)" "ReplicaSet/adopt"
check "the adopted pod's ownerReference carries controller: true and the ReplicaSet's uid" \
  "$(k get pod early-1 -o jsonpath='{.metadata.ownerReferences[0].controller} {.metadata.ownerReferences[0].uid}')" \
  "true $(k get rs adopt -o jsonpath='{.metadata.uid}')"
check "the ReplicaSet created only 1 pod" "$(event_count adopt SuccessfulCreate)" "1"
check "3 pods in all" "$(live_pods app=adopt | wc -l)" "3"

say "ReplicaSet first: with 3 running, a fourth bare pod labelled app=adopt is adopted, then deleted as the surplus"
show k apply -f "$here/late.yaml"
wait_for "the surplus deleted" 30 test "$(event_count adopt SuccessfulDelete)" -ge 1
show show_events --field-selector involvedObject.name=adopt
owners
deleted="$(event_messages adopt SuccessfulDelete)"
check_match "the pod deleted is late, the newest, ranked first for deletion" "$deleted" '^Deleted pod: late \(scale-down: '
wait_until "3 pods again" 30 "3" "live_pods app=adopt | wc -l"
check "the three pods that remain are the older ones" "$(live_pods app=adopt | grep -c -x -e early-1 -e early-2)" "2"
echo "Why late: a ReplicaSet deletes first the pod that ranks lowest -- unscheduled before scheduled, Pending"
echo "before Running, not ready before ready, ..., newer before older (see 26-scale-down). A pod that has just"
echo "been created loses to pods that have run for a while; Skiff's SuccessfulDelete event says which rule chose it."

example_end

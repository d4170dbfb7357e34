#!/usr/bin/env bash
# Q25: take a misbehaving pod out of its ReplicaSet and its Service by changing its labels; it keeps running.
source "$(dirname "$0")/../lib.sh"
example_begin isolate-pod
here="$(dirname "$0")"
endpoints() {
  k get endpointslices -l kubernetes.io/service-name=api \
    -o jsonpath='{range .items[*].endpoints[*]}{.targetRef.name}{"\n"}{end}' | sort
}

say "A ReplicaSet of 3 behind the Service api"
watch_pods pods -L app
show k apply -f "$here/app.yaml"
wait_for "3 ready replicas" 60 k wait rs/api --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
wait_until "3 endpoints" 30 "3" "endpoints | wc -l"
show k get endpointslices -l kubernetes.io/service-name=api
sick="$(live_pods app=api | head -n 1)"
uid="$(k get pod "$sick" -o jsonpath='{.metadata.uid}')"
check "$sick is one of the Service's endpoints" "$(endpoints | grep -cx "$sick")" "1"

say "$sick misbehaves: relabel it so neither the ReplicaSet nor the Service selects it"
show k label pod "$sick" app=debug --overwrite
wait_until "the ReplicaSet to release $sick" 30 "" "k get pod $sick -o jsonpath='{.metadata.ownerReferences}'"
wait_until "a replacement: 3 pods with app=api" 30 "3" "live_pods app=api | wc -l"
wait_for "3 ready replicas" 60 k wait rs/api --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
show k get pods -L app -o wide
show show_events --field-selector involvedObject.kind=ReplicaSet
check "the ReplicaSet released $sick: no ownerReference left" "$(k get pod "$sick" -o jsonpath='{.metadata.ownerReferences}')" ""
check "and created one replacement (4 creations in all)" "$(event_count api SuccessfulCreate)" "4"
check "$sick is not among the ReplicaSet's pods" "$(live_pods app=api | grep -cx "$sick")" "0"
wait_until "the Service's endpoints to drop $sick" 30 "0" "endpoints | grep -cx $sick"
show k get endpointslices -l kubernetes.io/service-name=api \
  -o jsonpath='{range .items[*].endpoints[*]}{.targetRef.name}{"\n"}{end}'
check "the Service has 3 endpoints, the ReplicaSet's current pods" "$(endpoints | tr '\n' ' ')" "$(live_pods app=api | tr '\n' ' ')"

say "$sick keeps running, the same pod (same uid, not restarted), ready to be investigated"
show k get pod "$sick" -L app
check "$sick is still Running" "$(k get pod "$sick" -o jsonpath='{.status.phase}')" "Running"
check "it is the same pod, its container never restarted" \
  "$(k get pod "$sick" -o jsonpath='{.metadata.uid} {.status.containerStatuses[0].restartCount}')" "$uid 0"
show k logs "$sick"
show k exec "$sick" -- echo "a shell in the isolated pod still works"
echo "When done: kubectl delete pod $sick (nobody else will)."

example_end

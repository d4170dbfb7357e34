#!/usr/bin/env bash
# Q1, Q2: one declared object sets every component in motion; each writes back what it did, and a deleted pod
# is replaced without anyone asking.
source "$(dirname "$0")/../lib.sh"
example_begin components

say "The components are API clients; the API server is the only one that touches the store"
show kubectl get --raw '/readyz?verbose' | grep -E 'etcd|informer-sync|readyz check'
show kubectl get nodes -o wide
node="$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')"
say "The kubelet on node $node proves it is alive by renewing its Lease"
show kubectl -n kube-node-lease get lease "$node" -o custom-columns=HOLDER:.spec.holderIdentity,RENEWED:.spec.renewTime
first_renewal="$(kubectl -n kube-node-lease get lease "$node" -o jsonpath='{.spec.renewTime}')"

say "Declare the desired state: a Deployment of 3 replicas. Nothing else is asked for."
watch_pods
show k apply -f "$(dirname "$0")/deployment.yaml"
wait_for "3 available replicas" 60 k wait --for=condition=Available deployment/hello --timeout=5s
wait_until "3 running pods" 30 3 "k get pods -l app=hello --field-selector=status.phase=Running -o name | wc -l"

say "Who did what: the events, with the component that reported each"
show k get events --sort-by=.metadata.creationTimestamp \
  -o custom-columns=COMPONENT:.source.component,REASON:.reason,OBJECT:.involvedObject.name,MESSAGE:.message
reporters() { k get events -o jsonpath='{range .items[*]}{.source.component}/{.reason}{"\n"}{end}' | sort -u; }
events="$(reporters)"
check_match "the deployment controller created a ReplicaSet (ScalingReplicaSet)" "$events" "^deployment-controller/ScalingReplicaSet$"
check_match "the ReplicaSet controller created the pods (SuccessfulCreate)" "$events" "^replicaset-controller/SuccessfulCreate$"
check_match "the scheduler placed them on a node (Scheduled)" "$events" "^default-scheduler/Scheduled$"
check_match "the kubelet started their containers (Started)" "$events" "^kubelet/Started$"

say "Each component also writes its part of the objects: managedFields name the writers of one pod"
pod="$(k get pods -l app=hello -o jsonpath='{.items[0].metadata.name}')"
show k get pod "$pod" -o jsonpath='{range .metadata.managedFields[*]}{.manager}{" "}{.operation}{" "}{.subresource}{"\n"}{end}'
managers="$(k get pod "$pod" -o jsonpath='{range .metadata.managedFields[*]}{.manager}{"\n"}{end}' | sort -u | tr '\n' ' ')"
check_match "the controller manager created the pod and the kubelet writes its status" "$managers" "kube-controller-manager.*kubelet"

say "Self-healing: delete a pod; the ReplicaSet controller sees 2 of 3 and makes another"
show k delete pod "$pod" --wait=false
wait_until "3 running pods again, none of them $pod" 60 "3 0" \
  "echo \$(k get pods -l app=hello --field-selector=status.phase=Running -o name | wc -l) \$(k get pods -l app=hello -o name | grep -c \"/$pod\$\")"
show k get pods -l app=hello
check "a replacement was created (4 SuccessfulCreate events' worth of pods)" \
  "$(k get events --field-selector reason=SuccessfulCreate -o jsonpath='{range .items[*]}{.count}{"\n"}{end}' | awk '{n += $1} END {print n}')" "4"

say "And the kubelet kept renewing its Lease meanwhile"
wait_until "a renewal of the node's Lease after $first_renewal" 20 renewed \
  "[ \"\$(kubectl -n kube-node-lease get lease $node -o jsonpath='{.spec.renewTime}')\" != '$first_renewal' ] && echo renewed"
check "the node's Lease was renewed (every 10 s: a quarter of its 40 s duration)" \
  "$([ "$(kubectl -n kube-node-lease get lease "$node" -o jsonpath='{.spec.renewTime}')" != "$first_renewal" ] && echo renewed)" renewed
example_end

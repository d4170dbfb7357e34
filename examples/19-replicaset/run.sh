#!/usr/bin/env bash
# Q19, Q21: a ReplicaSet keeps N pods matching its selector; its spec must be consistent (selector = template labels,
# selector fixed for life, restartPolicy Always), or the API refuses it.
source "$(dirname "$0")/../lib.sh"
example_begin replicaset
here="$(dirname "$0")"

say "Create a ReplicaSet of 3: it creates the pods from its template"
watch_pods
show k apply -f "$here/rs.yaml"
wait_for "3 ready replicas" 60 k wait rs/web --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
show k get rs web
show k get pods -l app=web -o custom-columns=NAME:.metadata.name,OWNER-KIND:.metadata.ownerReferences[0].kind,OWNER:.metadata.ownerReferences[0].name,PHASE:.status.phase
check "the ReplicaSet runs 3 pods" "$(live_pods app=web | wc -l)" "3"
check "each pod names the ReplicaSet as its controller" \
  "$(k get pods -l app=web -o jsonpath='{range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}{"\n"}{end}' | sort -u)" \
  "ReplicaSet/web/true"

say "Delete one pod: the ReplicaSet sees 2 and creates a replacement at once"
victim="$(k get pods -l app=web -o jsonpath='{.items[0].metadata.name}')"
show k delete pod "$victim" --wait=false
wait_until "3 pods again, without $victim" 30 "3" "live_pods app=web | grep -vcx $victim"
wait_for "3 ready replicas" 60 k wait rs/web --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
show show_events --field-selector involvedObject.kind=ReplicaSet
check "the ReplicaSet recorded 4 SuccessfulCreate events (3, then the replacement)" \
  "$(event_count web SuccessfulCreate)" "4"
check "$victim is gone and 3 other pods run" "$(live_pods app=web | grep -vx "$victim" | wc -l)" "3"

say "What one must get right: the API refuses an inconsistent spec (HTTP 422 Unprocessable Entity)"
out="$(k apply -f "$here/mismatch.yaml" 2>&1)"; echo "$out"
check_match "a selector that does not match the template's labels is refused" "$out" \
  'spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`'
out="$(k apply -f "$here/no-selector.yaml" 2>&1)"; echo "$out"
check_match "apps/v1 requires a selector" "$out" 'spec.selector: Required value'
out="$(k apply -f "$here/never.yaml" 2>&1)"; echo "$out"
check_match "the template's restartPolicy must be Always" "$out" \
  'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'
out="$(k patch rs web --type=merge -p '{"spec":{"selector":{"matchLabels":{"app":"web","tier":"front"}},"template":{"metadata":{"labels":{"app":"web","tier":"front"}}}}}' 2>&1)"
echo "$out"
check_match "the selector cannot change after creation" "$out" 'spec.selector: Invalid value: .*field is immutable'
check "none of the refused ReplicaSets exists" "$(k get rs -o name | sort | tr '\n' ' ')" "replicaset.apps/web "

say "Labels unique to the set: another workload's pods must not carry app=web, or this set would count them"
echo "(see 22-adoption: a bare pod labelled app=web would be adopted, and a surplus pod deleted)"

example_end

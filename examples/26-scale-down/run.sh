#!/usr/bin/env bash
# Q26, Q27: the order in which a ReplicaSet deletes pods when it scales down, and the per-pod deletion cost.
source "$(dirname "$0")/../lib.sh"
example_begin scale-down
here="$(dirname "$0")"
cost='controller.kubernetes.io/pod-deletion-cost'
table() {
  k get pods -l app=rank -o custom-columns='NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase,READY:.status.conditions[?(@.type=="Ready")].status,RESTARTS:.status.containerStatuses[0].restartCount,COST:.metadata.annotations.controller\.kubernetes\.io/pod-deletion-cost,DELETING:.metadata.deletionTimestamp'
}

# Scales the ReplicaSet to REPLICAS and checks that it deleted POD, for the reason matching PATTERN.
scale_down_expecting() {
  local replicas="$1" pod="$2" why="$3" message
  say "Scale to $replicas: expect $pod to go ($4)"
  show k scale rs rank --replicas="$replicas"
  wait_until "the ReplicaSet to delete a pod" 30 "$((6 - replicas))" "event_count rank SuccessfulDelete"
  # The event about POD if there is one, else every deletion so far (the check then shows what went instead).
  message="$(event_messages rank SuccessfulDelete | grep "Deleted pod: $pod " || event_messages rank SuccessfulDelete)"
  echo "event: $message"
  check_match "$pod was deleted first: $4" "$message" "^Deleted pod: $pod \\(scale-down: $why\\)\$"
  wait_until "$replicas pods left" 30 "$replicas" "live_pods app=rank | wc -l"
}

say "Six bare pods, each unlike the others in one ranking rule"
watch_pods
show k apply -f "$here/pods.yaml"
wait_for "cheap, plain and precious Ready" 60 k wait --for=condition=Ready pod/cheap pod/plain pod/precious --timeout=5s
wait_until "crashy to have restarted" 60 "yes" \
  "[ \"\$(k get pod crashy -o jsonpath='{.status.containerStatuses[0].restartCount}')\" -ge 1 ] && echo yes"
wait_until "unready to run" 60 "Running" "k get pod unready -o jsonpath='{.status.phase}'"

say "A ReplicaSet of 6 adopts them all"
show k apply -f "$here/rs.yaml"
wait_until "6 pods owned by the ReplicaSet" 30 "6" \
  "k get pods -l app=rank -o jsonpath='{range .items[*]}{.metadata.ownerReferences[0].name}{\"\\n\"}{end}' | grep -cx rank"
table
check "the ReplicaSet created no pod of its own" "$(event_count rank SuccessfulCreate)" "0"

scale_down_expecting 5 pending 'not scheduled to a node while 5 others are scheduled' \
  "rule 1, an unscheduled pod before scheduled ones"
scale_down_expecting 4 crashy 'restarted [0-9]+ times, unready 0 times' \
  "rule 7, among pods alike in rules 1-6 (both Running, neither ready) more restarts first"
scale_down_expecting 3 unready 'not ready while 3 others are ready' "rule 3, not ready before ready"
scale_down_expecting 2 cheap 'pod-deletion-cost -100 is lower than (plain|precious).s (0|1000)' \
  "rule 4, lower pod-deletion-cost first"
table

say "Q27: influence the choice: annotate a pod with a pod-deletion-cost (an int32; anything else is refused)"
out="$(k annotate pod plain "$cost=very-high" 2>&1)"; echo "$out"
check_match "a cost that is not an integer is refused" "$out" "Invalid value: \"very-high\""
show k annotate pod plain "$cost=5000"
table
scale_down_expecting 1 precious "pod-deletion-cost 1000 is lower than plain's 5000" \
  "rule 4 again: plain now costs more to delete than precious"
table
check "plain is the last pod standing" "$(live_pods app=rank)" "plain"

say "The reasons, as Skiff's ReplicaSet controller wrote them (Kubernetes' events say only \"Deleted pod: NAME\")"
show show_events --field-selector involvedObject.name=rank,reason=SuccessfulDelete

example_end

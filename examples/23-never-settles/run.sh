#!/usr/bin/env bash
# Q23: a cluster that keeps creating and deleting healthy pods: what the ReplicaSets (and those around them) do.
source "$(dirname "$0")/../lib.sh"
example_begin never-settles
here="$(dirname "$0")"
actors=()
# Runs COMMAND... in the background as an actor of the example (not a watch: the example needs it even when quiet).
actor() { "$@" & actors+=($!); }
stop_actors() {
  local pid
  for pid in "${actors[@]}"; do pkill -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  actors=()
}
on_exit stop_actors
# How many pods each owner has among the live pods selected by $1 (a deleted pod that is still stopping not counted).
owners() {
  k get pods -l "$1" --no-headers \
    -o custom-columns=OWNER:.metadata.ownerReferences[0].name,DELETING:.metadata.deletionTimestamp \
    | awk '$2 == "<none>" {print $1}' | sort | uniq -c | tr -s ' '
}

say "Not the cause today: two ReplicaSets with overlapping selectors (app=shared) each keep their own pods"
watch_pods pods -L app
show k apply -f "$here/overlap.yaml"
wait_for "left's 2 ready pods" 60 k wait rs/left --for=jsonpath='{.status.readyReplicas}'=2 --timeout=5s
wait_for "right's 2 ready pods" 60 k wait rs/right --for=jsonpath='{.status.readyReplicas}'=2 --timeout=5s
show k get rs left right
check "left owns 2 pods and right owns 2" "$(owners app=shared)" "$(printf ' 2 left\n 2 right')"
say "A bare pod both select: one of them adopts it first, then deletes one pod of its own now surplus"
show k apply -f "$here/orphan.yaml"
wait_until "one surplus pod deleted" 30 "1" \
  "echo \$((\$(event_count left SuccessfulDelete) + \$(event_count right SuccessfulDelete)))"
wait_until "4 pods again" 30 "4" "live_pods app=shared | wc -l"
show show_events --field-selector reason=SuccessfulDelete
check "still 2 each: they raced for the orphan, never for each other's pods" "$(owners app=shared)" \
  "$(printf ' 2 left\n 2 right')"
check "and neither created more (2 + 2 creations)" \
  "$(( $(event_count left SuccessfulCreate) + $(event_count right SuccessfulCreate) ))" "4"
echo "(Before ownerReferences, Kubernetes < 1.6, two such controllers fought over the same pods without end.)"

say "Cause 1: something relabels the set's pods (a mutating webhook, another controller, here a loop)"
show k apply -f "$here/fight.yaml"
wait_for "fight's 2 ready pods" 60 k wait rs/fight --for=jsonpath='{.status.readyReplicas}'=2 --timeout=5s
relabel() {
  local pod seen=" "
  # The watch shows a pod again when its relabelling takes it out of the selection: once is enough.
  k get pods -l app=fight --watch -o name | while read -r pod; do
    [[ "$seen" == *" $pod "* ]] && continue
    seen+="$pod "
    k label "$pod" app=relabelled --overwrite > /dev/null && printf '%s relabeller: %s app=relabelled\n' "$(now)" "$pod"
  done
}
actor relabel
wait_until "the relabeller to have taken 4 pods from the ReplicaSet" 60 "yes" \
  "[ \$(k get pods -l app=relabelled -o name | wc -l) -ge 4 ] && echo yes"
stop_actors
wait_until "fight to settle at 2 once the relabeller stops" 30 "2" "live_pods app=fight | wc -l"
released="$(k get pods -l app=relabelled -o name | wc -l)"
created="$(event_count fight SuccessfulCreate)"
show k get pods -L app
echo "fight created $created pods: its 2, then one for each of the $released pods it released, which run on unmanaged"
check_match "the ReplicaSet kept creating while the relabeller ran" "$created" '^([6-9]|[1-9][0-9]+)$'
check "each released pod was replaced exactly once (creations = 2 + released)" "$created" "$((2 + released))"
check "the released pods are nobody's, and nothing deletes them" \
  "$(k get pods -l app=relabelled -o jsonpath='{range .items[*]}{.metadata.ownerReferences}{.metadata.deletionTimestamp}{"\n"}{end}' | sort -u)" ""
check "the ReplicaSet deleted none" "$(event_count fight SuccessfulDelete)" "0"

say "Cause 2: two actors disagree on spec.replicas (a manifest says 2, an autoscaler or script says 4)"
show k apply -f "$here/tug.yaml"
wait_for "tug's 2 ready pods" 60 k wait rs/tug --for=jsonpath='{.status.readyReplicas}'=2 --timeout=5s
tug() {
  while true; do
    k scale rs tug --replicas=4 > /dev/null && printf '%s script:   kubectl scale --replicas=4\n' "$(now)"; sleep 1
    k apply -f "$here/tug.yaml" > /dev/null && printf '%s manifest: kubectl apply (replicas: 2)\n' "$(now)"; sleep 1
  done
}
actor tug
wait_until "the ReplicaSet to have scaled up and down twice" 30 "yes" \
  "[ \$(event_count tug SuccessfulDelete) -ge 4 ] && echo yes"
stop_actors
show show_events --field-selector involvedObject.name=tug
check_match "tug created pods again and again" "$(event_count tug SuccessfulCreate)" '^([6-9]|[1-9][0-9]+)$'
check_match "and deleted them again and again" "$(event_count tug SuccessfulDelete)" '^([4-9]|[1-9][0-9]+)$'
echo "(A Deployment, or kubectl apply with the replicas field left out of the manifest, avoids this tug of war.)"

example_end

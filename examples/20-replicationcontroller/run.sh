#!/usr/bin/env bash
# Q20: ReplicaSet (apps/v1) replaced ReplicationController (core/v1): the same controller, plus set-based selectors.
source "$(dirname "$0")/../lib.sh"
example_begin replicationcontroller
here="$(dirname "$0")"

say "The same job twice: a ReplicationController of 2 and a ReplicaSet of 3"
watch_pods
show k apply -f "$here/rc.yaml"
wait_for "the RC's 2 ready pods" 60 k wait rc/old --for=jsonpath='{.status.readyReplicas}'=2 --timeout=5s
show k get rc old -o wide
check "the ReplicationController runs 2 pods it owns" \
  "$(k get pods -l app=old-shop -o jsonpath='{range .items[*]}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}{"\n"}{end}' | sort | uniq -c | tr -s ' ')" \
  " 2 ReplicationController/old"

say "Two bare pods first, then the ReplicaSet with a set-based selector (tier In (web,frontend), track NotIn (canary))"
show k apply -f "$here/strays.yaml"
show k apply -f "$here/rs.yaml"
wait_for "the RS's 3 ready pods" 60 k wait rs/new --for=jsonpath='{.status.readyReplicas}'=3 --timeout=5s
show k get rs new -o wide
show k get pods -l app=shop -L tier,track \
  -o custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,TRACK:.metadata.labels.track,OWNER:.metadata.ownerReferences[0].name
check "the RS adopted stray-frontend (tier In (web,frontend))" \
  "$(k get pod stray-frontend -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}')" "ReplicaSet/new"
check "the RS left stray-canary alone (track NotIn (canary))" \
  "$(k get pod stray-canary -o jsonpath='{.metadata.ownerReferences}')" ""
check "so it created only 2 pods of its own" "$(event_count new SuccessfulCreate)" "2"
echo "The same selector, asked of kubectl: pods with tier in (web,frontend) and track notin (canary):"
show k get pods -l 'app=shop,tier in (web,frontend),track notin (canary)'

say "A ReplicationController cannot say that: its selector is only label = value pairs"
out="$(k apply -f "$here/rc-set-based.yaml" 2>&1)"; echo "$out"
check_match "an RC with matchExpressions is refused" "$out" \
  'cannot unmarshal array into Go struct field ReplicationControllerSpec.spec.selector of type string'
check "and not stored" "$(k get rc old-set-based -o name 2>/dev/null)" ""

say "An RC without a selector gets its template's labels as selector (and as its own labels)"
show k apply -f "$here/rc-defaulted.yaml"
show k get rc defaulted -o jsonpath='selector={.spec.selector}  labels={.metadata.labels}{"\n"}'
check "the selector defaulted to the template's labels" "$(k get rc defaulted -o jsonpath='{.spec.selector}')" '{"app":"defaulted"}'
check "the RC's labels defaulted to them too" "$(k get rc defaulted -o jsonpath='{.metadata.labels}')" '{"app":"defaulted"}'

say "Deployments create and manage ReplicaSets (never ReplicationControllers)"
show k create deployment shop-deploy --image=busybox:stable --replicas=1 -- sleep 3600
wait_until "the Deployment's ReplicaSet" 30 "Deployment/shop-deploy" \
  "k get rs -l app=shop-deploy -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}'"
show k get rs -l app=shop-deploy -o custom-columns=REPLICASET:.metadata.name,OWNER-KIND:.metadata.ownerReferences[0].kind,OWNER:.metadata.ownerReferences[0].name

say "Where each lives: ReplicationController in the core group v1, ReplicaSet in apps/v1 (which Deployments manage)"
show kubectl api-resources --api-group=apps -o name
kinds="$(kubectl api-resources -o wide --no-headers | awk '$1 == "replicasets" || $1 == "replicationcontrollers" {print $1, $3}' | sort | tr '\n' ';')"
check "replicasets are apps/v1, replicationcontrollers v1" "$kinds" "replicasets apps/v1;replicationcontrollers v1;"

example_end

#!/usr/bin/env bash
# Q13: the default grace period is 30 s; a delete may name a shorter one, and a later delete may only shorten it.
source "$(dirname "$0")/../lib.sh"
example_begin default-grace-period
grace() {
  k get pod patient -o jsonpath='{.metadata.deletionGracePeriodSeconds} {.metadata.deletionTimestamp}'
}

say "A pod whose manifest says nothing about its grace period"
show grep -c terminationGracePeriodSeconds "$(dirname "$0")/pod.yaml"
show k apply -f "$(dirname "$0")/pod.yaml"
wait_for "the pod Ready" 60 k wait --for=condition=Ready pod/patient --timeout=5s
watch_pods
show k get pod patient -o jsonpath='{.spec.terminationGracePeriodSeconds}{"\n"}'
check "the stored pod has the defaulted terminationGracePeriodSeconds" \
  "$(k get pod patient -o jsonpath='{.spec.terminationGracePeriodSeconds}')" "30"

say "kubectl delete sends no grace period by default (-1): the pod's own 30 s apply"
kubectl delete --help | grep -A2 -- '--grace-period='
first="$(date +%s)"
show k delete pod patient --wait=false
show k get pod patient -o custom-columns=NAME:.metadata.name,DELETION:.metadata.deletionTimestamp,GRACE:.metadata.deletionGracePeriodSeconds
read -r seconds stamp <<< "$(grace)"
check "deletionGracePeriodSeconds is 30" "$seconds" "30"
check "deletionTimestamp is 30 s after the delete (within 2 s)" \
  "$(( $(date -d "$stamp" +%s) - first >= 28 && $(date -d "$stamp" +%s) - first <= 32 ))" "1"

say "A second delete may not lengthen it..."
show k delete pod patient --wait=false --grace-period=60
check "deletionGracePeriodSeconds is still 30" "$(grace | cut -d' ' -f1)" "30"

say "...but may shorten it: --grace-period=3 (the deadline moves to 3 s after the FIRST delete)"
second="$(date +%s)"
show k delete pod patient --wait=false --grace-period=3
show k get pod patient -o custom-columns=NAME:.metadata.name,DELETION:.metadata.deletionTimestamp,GRACE:.metadata.deletionGracePeriodSeconds
read -r seconds stamp <<< "$(grace)"
check "deletionGracePeriodSeconds is now 3" "$seconds" "3"
check "deletionTimestamp is the first delete's time plus 3 s (within 2 s)" \
  "$(( $(date -d "$stamp" +%s) - first >= 1 && $(date -d "$stamp" +%s) - first <= 5 ))" "1"
wait_for "the pod to be gone" 30 bash -c "! kubectl -n $NS get pod patient -o name"
took=$(( $(date +%s) - second ))
echo "gone ${took} s after the second delete"
check "the pod was gone within seconds of the shorter grace period, not after the first 30 s" "$(( took <= 15 ))" "1"
show_events --field-selector involvedObject.name=patient

example_end

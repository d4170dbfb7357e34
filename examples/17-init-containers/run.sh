#!/usr/bin/env bash
# Q17, Q18: init containers run one after another, each to completion, before the app containers start; a failed
# one is retried with a back-off (restartPolicy Always or OnFailure) or fails the pod (Never).
source "$(dirname "$0")/../lib.sh"
example_begin init-containers

state() { k get pod "$1" -o jsonpath="{.status.$2}"; }
# kubectl's STATUS column for POD.
status_column() { k get pod "$1" --no-headers | awk '{print $3}'; }

say "An init container may not have a probe: it is meant to finish, not to serve"
out="$(k apply -f "$(dirname "$0")/probe-on-init.yaml" 2>&1)"
echo "$out"
check_match "the API refuses a readinessProbe on an init container" "$out" \
  'spec.initContainers\[0\].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'

say "Q17/Q18: two init containers, then the app; the STATUS column shows Init:0/2, Init:1/2, PodInitializing, Running"
watch_pods
show k apply -f "$(dirname "$0")/ordered.yaml"
wait_for "ordered to be Ready" 60 k wait --for=condition=Ready pod/ordered --timeout=5s
show k exec ordered -c app -- sh -c 'cat ${SKIFF_VOLUME_LOG:-/log}/order'
order="$(k exec ordered -c app -- sh -c 'cat ${SKIFF_VOLUME_LOG:-/log}/order')"
check "each init container ran to completion before the next started, and the app came last" \
  "$(echo "$order" | awk '{print $2, $3}' | paste -sd, -)" \
  "first started,first done,second started,second done,app started"
check "the times never go backwards" "$(echo "$order" | awk '{print $1}' | sort -c -n && echo sorted)" "sorted"
show k get pod ordered -o jsonpath='{range .status.initContainerStatuses[*]}{.name}: {.state.terminated.reason} {.state.terminated.startedAt} - {.state.terminated.finishedAt}{"\n"}{end}'
check "both init containers ended Completed" \
  "$(k get pod ordered -o jsonpath='{.status.initContainerStatuses[*].state.terminated.reason}')" "Completed Completed"
show k get pod ordered -o jsonpath='{range .status.conditions[*]}{.type}={.status} at {.lastTransitionTime}{"\n"}{end}'
initialized="$(k get pod ordered -o jsonpath='{.status.conditions[?(@.type=="Initialized")].lastTransitionTime}')"
ready="$(k get pod ordered -o jsonpath='{.status.conditions[?(@.type=="Ready")].lastTransitionTime}')"
check "the pod became Initialized before it became Ready (the app's readiness probe came after init)" \
  "$([[ "$initialized" < "$ready" ]] && echo before)" "before"

say "Q18: an init container fails (restartPolicy Always): retried, with a back-off between the failures"
show k apply -f "$(dirname "$0")/failing.yaml"
wait_until "retried to show Init:CrashLoopBackOff" 60 Init:CrashLoopBackOff "status_column retried"
# One read of the pod, while it waits out the back-off (10 s after the second failure).
snapshot="$(k get pod retried -o jsonpath='{.status.initContainerStatuses[0].state.waiting.reason} {.status.initContainerStatuses[0].lastState.terminated.reason} {.status.initContainerStatuses[0].restartCount} {.status.containerStatuses[0].state.waiting.reason}')"
show k get pod retried
read -r init_waiting init_last init_restarts app_waiting <<< "$snapshot"
echo "init container: waiting $init_waiting, last attempt $init_last, restartCount $init_restarts; app container: waiting $app_waiting"
check "the init container waits out a back-off after its second failure" "$init_waiting $init_restarts" "CrashLoopBackOff 1"
check "its last attempt ended in Error" "$init_last" "Error"
check "the app container waits, PodInitializing" "$app_waiting" "PodInitializing"
wait_for "retried to be Ready after the back-off" 60 k wait --for=condition=Ready pod/retried --timeout=5s
show k logs retried -c wait-for-db
check "the init container ran three times (restartCount 2)" \
  "$(k get pod retried -o jsonpath='{.status.initContainerStatuses[0].restartCount}')" "2"
check "then the app started" "$(k get pod retried -o jsonpath='{.status.containerStatuses[0].state.running.startedAt}' | grep -c .)" "1"

say "Q18: the same failure under restartPolicy Never: the pod fails, the app never starts"
wait_until "never to fail" 60 Failed "state never phase"
show k get pod never
check "kubectl shows Init:Error" "$(status_column never)" "Init:Error"
check "the init container ran once" "$(k get pod never -o jsonpath='{.status.initContainerStatuses[0].restartCount}')" "0"
check "the app container never started: it still waits, PodInitializing" \
  "$(k get pod never -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')" "PodInitializing"
check "the pod never became Initialized" \
  "$(k get pod never -o jsonpath='{.status.conditions[?(@.type=="Initialized")].status}')" "False"

show_events --field-selector involvedObject.name=retried

example_end

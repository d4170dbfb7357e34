# The metrics.k8s.io/v1beta1 OpenAPI v3 document that metrics-server publishes (its k8s.io/metrics v1beta1
# definitions, kubernetes-sigs/metrics-server pkg/api/generated/openapi), with the meta schemas of Kubernetes'
# api/v1 document it is run on. Used by bin/update-openapi-spec.
def ref(n): {"$ref": ("#/components/schemas/" + n)};
def kind: {"description":"Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds","type":"string"};
def apiv: {"description":"APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources","type":"string"};
def gvk(k): [{"group":"metrics.k8s.io","kind":k,"version":"v1beta1"}];
def usage: {"description":"The memory usage is the memory working set.","type":"object","additionalProperties":{"allOf":[ref("io.k8s.apimachinery.pkg.api.resource.Quantity")]}};
def objmeta: {"description":"Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata","default":{},"allOf":[ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]};
def listmeta: {"description":"Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds","default":{},"allOf":[ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta")]};
def window: {"timestamp":{"description":"The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].","allOf":[ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time")]},"window":{"allOf":[ref("io.k8s.apimachinery.pkg.apis.meta.v1.Duration")]}};
def list(item; what): {"description":(item + "List is a list of " + item + "."),"type":"object","required":["items"],"properties":{"apiVersion":apiv,"items":{"description":("List of " + what + " metrics."),"type":"array","items":{"default":{},"allOf":[ref("io.k8s.metrics.pkg.apis.metrics.v1beta1." + item)]}},"kind":kind,"metadata":listmeta},"x-kubernetes-group-version-kind":gvk(item + "List")};
def content(n): {"application/json":{"schema":ref(n)},"application/yaml":{"schema":ref(n)},"application/vnd.kubernetes.protobuf":{"schema":ref(n)}};
def op(action; id; n; k): {"get":{"description":("read or list " + k), "operationId":id,"responses":{"200":{"description":"OK","content":content(n)},"401":{"description":"Unauthorized"}},"tags":["metrics.k8s.io_v1beta1"],"x-kubernetes-action":action,"x-kubernetes-group-version-kind":{"group":"metrics.k8s.io","kind":k,"version":"v1beta1"}}};
def name: {"name":"name","in":"path","description":"name of the resource","required":true,"schema":{"type":"string","uniqueItems":true}};
def ns: {"name":"namespace","in":"path","description":"object name and auth scope, such as for teams and projects","required":true,"schema":{"type":"string","uniqueItems":true}};
def M: "io.k8s.metrics.pkg.apis.metrics.v1beta1.";
(.components.schemas) as $core
| {"openapi":"3.0.0","info":{"title":"Kubernetes metrics-server","version":"unversioned"},
  "paths":{
    "/apis/metrics.k8s.io/v1beta1/":{"get":{"description":"get available resources","operationId":"getMetricsV1beta1APIResources","responses":{"200":{"description":"OK","content":content("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList")},"401":{"description":"Unauthorized"}},"tags":["metrics.k8s.io_v1beta1"]}},
    "/apis/metrics.k8s.io/v1beta1/nodes":op("list";"listMetricsV1beta1NodeMetrics";M+"NodeMetricsList";"NodeMetrics"),
    "/apis/metrics.k8s.io/v1beta1/nodes/{name}":(op("get";"readMetricsV1beta1NodeMetrics";M+"NodeMetrics";"NodeMetrics") + {"parameters":[name]}),
    "/apis/metrics.k8s.io/v1beta1/pods":op("list";"listMetricsV1beta1PodMetricsForAllNamespaces";M+"PodMetricsList";"PodMetrics"),
    "/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods":(op("list";"listMetricsV1beta1NamespacedPodMetrics";M+"PodMetricsList";"PodMetrics") + {"parameters":[ns]}),
    "/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}":(op("get";"readMetricsV1beta1NamespacedPodMetrics";M+"PodMetrics";"PodMetrics") + {"parameters":[name,ns]})},
  "components":{"schemas":(
    ($core | with_entries(select(.key | test("^io[.]k8s[.]apimachinery[.]pkg[.](apis[.]meta[.]v1[.](ObjectMeta|ListMeta|Time|ManagedFieldsEntry|FieldsV1|OwnerReference|APIResourceList|APIResource)|api[.]resource[.]Quantity)$")))) + {
    "io.k8s.apimachinery.pkg.apis.meta.v1.Duration":{"description":"Duration is a wrapper around time.Duration which supports correct marshaling to YAML and JSON. In particular, it marshals into strings, which can be used as map keys in json.","type":"string"},
    (M+"ContainerMetrics"):{"description":"ContainerMetrics sets resource usage metrics of a container.","type":"object","required":["name","usage"],"properties":{"name":{"description":"Container name corresponding to the one from pod.spec.containers.","type":"string","default":""},"usage":usage}},
    (M+"NodeMetrics"):{"description":"NodeMetrics sets resource usage metrics of a node.","type":"object","required":["timestamp","window","usage"],"properties":({"apiVersion":apiv,"kind":kind,"metadata":objmeta,"usage":usage} + window),"x-kubernetes-group-version-kind":gvk("NodeMetrics")},
    (M+"NodeMetricsList"):list("NodeMetrics";"node"),
    (M+"PodMetrics"):{"description":"PodMetrics sets resource usage metrics of a pod.","type":"object","required":["timestamp","window","containers"],"properties":({"apiVersion":apiv,"kind":kind,"metadata":objmeta,"containers":{"description":"Metrics for all containers are collected within the same time window.","type":"array","items":{"default":{},"allOf":[ref(M+"ContainerMetrics")]},"x-kubernetes-list-type":"atomic"}} + window),"x-kubernetes-group-version-kind":gvk("PodMetrics")},
    (M+"PodMetricsList"):list("PodMetrics";"pod")})}}

package deploy

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseYAMLSubset(t *testing.T) {
	docs, err := parseYAML("a: 1\nb:\n  c: \"x y\"\n  d:\n    - e\n    - f: g\n      h: i\n  j: {}\n---\nk: l # note\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || at(docs[0], "a") != "1" || at(docs[0], "b", "c") != "x y" || at(docs[0], "b", "d", 0) != "e" ||
		at(docs[0], "b", "d", 1, "f") != "g" || at(docs[0], "b", "d", 1, "h") != "i" || at(docs[1], "k") != "l" {
		t.Errorf("parsed %#v", docs)
	}
	bad := map[string]string{
		"tab":              "a:\n\tb: c\n",
		"flow mapping":     "a: {b: c}\n",
		"flow sequence":    "a: [b]\n",
		"bad indentation":  "a:\n  b: c\n   d: e\n",
		"duplicate key":    "a: 1\na: 2\n",
		"not a key":        "a: 1\njust text\n",
		"block scalar":     "a: |\n  text\n",
		"anchor":           "a: &x 1\n",
		"seq at key level": "a:\n- b\n",
	}
	for name, src := range bad {
		if _, err := parseYAML(src); err == nil {
			t.Errorf("%s: parseYAML(%q) gave no error", name, src)
		}
	}
}

func TestKubernetesManifest(t *testing.T) {
	src, err := os.ReadFile("k8s/hello.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := parseYAML(string(src))
	if err != nil {
		t.Fatalf("k8s/hello.yaml: %v", err)
	}
	if len(docs) != 2 || at(docs[0], "kind") != "Deployment" || at(docs[1], "kind") != "Service" {
		t.Fatalf("want a Deployment then a Service, got %d documents", len(docs))
	}
	dep, svc := docs[0], docs[1]
	if at(dep, "apiVersion") != "apps/v1" || at(svc, "apiVersion") != "v1" {
		t.Errorf("apiVersions %v, %v", at(dep, "apiVersion"), at(svc, "apiVersion"))
	}
	pod := at(dep, "spec", "template", "spec")
	c := at(pod, "containers", 0)
	if c == nil {
		t.Fatal("no container")
	}

	labels := at(dep, "spec", "template", "metadata", "labels").(map[string]any)
	for k, v := range at(dep, "spec", "selector", "matchLabels").(map[string]any) {
		if labels[k] != v {
			t.Errorf("the Deployment's selector %s=%v does not match its pods' labels", k, v)
		}
	}
	for k, v := range at(svc, "spec", "selector").(map[string]any) {
		if labels[k] != v {
			t.Errorf("the Service's selector %s=%v does not match the pods' labels", k, v)
		}
	}

	env := map[string]string{}
	for _, e := range at(c, "env").([]any) {
		env[at(e, "name").(string)] = at(e, "value").(string)
	}
	if env["EGG_SERVER_ENV"] != "prod" || env["EGG_HOST"] != "0.0.0.0" || env["EGG_PROXY"] != "true" {
		t.Errorf("env %v: want prod, on all interfaces, in proxy mode", env)
	}
	port := at(c, "ports", 0)
	if at(port, "name") != "http" || at(port, "containerPort") != env["PORT"] {
		t.Errorf("container port %v named %v, PORT=%s: want the named port http on PORT", at(port, "containerPort"), at(port, "name"), env["PORT"])
	}
	for probe, path := range map[string]string{"readinessProbe": "/readyz", "livenessProbe": "/healthz", "startupProbe": "/healthz"} {
		if got := at(c, probe, "httpGet", "path"); got != path {
			t.Errorf("%s path = %v, want %s", probe, got, path)
		}
		if got := at(c, probe, "httpGet", "port"); got != "http" {
			t.Errorf("%s port = %v, want the named port http", probe, got)
		}
	}
	if at(c, "lifecycle", "preStop") != nil {
		t.Error("a preStop hook: the drain is egg's own (EGG_DRAIN_TIMEOUT), and the image has no sleep to run")
	}

	// terminationGracePeriodSeconds > drain + shutdown: else the kubelet
	// kills the pod mid-drain.
	drain, err1 := time.ParseDuration(env["EGG_DRAIN_TIMEOUT"])
	shutdown, err2 := time.ParseDuration(env["EGG_SHUTDOWN_TIMEOUT"])
	grace, err3 := strconv.Atoi(at(pod, "terminationGracePeriodSeconds").(string))
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("timings: %v %v %v", err1, err2, err3)
	}
	if g := time.Duration(grace) * time.Second; g <= drain+shutdown+5*time.Second {
		t.Errorf("terminationGracePeriodSeconds %s <= drain %s + shutdown %s + 5s for BeforeClose", g, drain, shutdown)
	}
	// the drain window outlasts a failed readiness check
	period, _ := strconv.Atoi(at(c, "readinessProbe", "periodSeconds").(string))
	failures, _ := strconv.Atoi(at(c, "readinessProbe", "failureThreshold").(string))
	if drain < time.Duration(period*failures)*time.Second {
		t.Errorf("EGG_DRAIN_TIMEOUT %s is shorter than readiness period x failureThreshold (%ds)", drain, period*failures)
	}

	// non-root, read-only root, writable run dir
	if at(pod, "securityContext", "runAsNonRoot") != "true" || at(c, "securityContext", "readOnlyRootFilesystem") != "true" ||
		at(c, "securityContext", "allowPrivilegeEscalation") != "false" {
		t.Error("want runAsNonRoot, readOnlyRootFilesystem and no privilege escalation")
	}
	mount := at(c, "volumeMounts", 0, "mountPath")
	if mount == nil || !strings.HasPrefix(env["EGG_RUN_DIR"], mount.(string)+"/") {
		t.Errorf("EGG_RUN_DIR %s is not under the writable mount %v", env["EGG_RUN_DIR"], mount)
	}
	if at(svc, "spec", "ports", 0, "targetPort") != "http" {
		t.Error("the Service does not target the named port http")
	}
}

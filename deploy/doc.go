// Package deploy holds egg's container image and deploy recipe, as files
// rather than Go code: Dockerfile (a static binary of an example on
// distroless, non-root, with a health check against /readyz),
// k8s/hello.yaml (a Deployment and a Service with liveness and readiness
// probes and a preStop-free graceful drain), nginx/egg.conf (nginx in
// front of an app in egg's proxy mode) and healthcheck, the stdlib-only
// health checker the image runs.
//
// Its tests build the binary the Dockerfile builds, with the flags read
// from the Dockerfile, and check that it is statically linked; check the
// Kubernetes manifest's structure and timings; and, when nginx is
// installed, check the nginx snippet with nginx itself, in front of a real
// egg app.
package deploy

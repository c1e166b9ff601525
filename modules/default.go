// Package modules holds egg's built-in modules (one package each under
// modules/<name>, mirroring Egg's default plugins) and Default, the
// default framework that bundles the ones Egg turns on by default.
//
//	egg.Run(modules.Default(), egg.Name("shop"), app.Module)
//
// Switch one off by name: egg.Disable("static"). Use a built-in on its
// own by passing its Module: egg.New(onerror.Module, app.Module).
package modules

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/health"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/jsonp"
	"github.com/egg-go/egg/modules/meta"
	"github.com/egg-go/egg/modules/multipart"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/overridemethod"
	"github.com/egg-go/egg/modules/pprof"
	"github.com/egg-go/egg/modules/schedule"
	"github.com/egg-go/egg/modules/security"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/sitefile"
	"github.com/egg-go/egg/modules/static"
	"github.com/egg-go/egg/modules/view"
)

// Default returns egg's default framework, named "egg": the built-in
// modules that Egg turns on by default. Modules that add middleware are
// listed in Egg's middleware order (egg-facts §4: meta, siteFile, notfound,
// static, bodyParser, overrideMethod, session, securities, i18n, then the
// app's), because each appends its middleware as it loads:
//
//	health      /healthz and /readyz for balancers and Kubernetes, readiness checks;
//	            first in the chain, so probes skip everything else
//	onerror     errors rendered as JSON, HTML or text by Accept (Egg's onerror)
//	meta        X-Readtime and Keep-Alive on every response (Egg's meta)
//	sitefile    /favicon.ico and other site files; 204 for an unset favicon (siteFile)
//	static      files under /public/ from app/public (egg-static)
//	bodyparser  Ctx.Bind for JSON, forms and query, validated (bodyParser + egg-validate)
//	overridemethod  POST routed as PUT, PATCH or DELETE by _method or a header (overrideMethod)
//	session     an encrypted cookie session (or a Store), saved only when changed (egg-session)
//	security    cross-origin CSRF check (or Egg's tokens), security headers, safe
//	            redirects, TRACE/TRACK 405 (egg-security)
//	i18n        messages per locale from config/locales; locale by query, cookie,
//	            Accept-Language (egg-i18n)
//	jsonp       per-route JSONP for JSON handlers, CSRF-guarded (egg-jsonp)
//	multipart   file uploads with limits, streamed or saved (egg-multipart)
//	schedule    timed tasks, once per tick across instances (egg-schedule)
//	httpclient  the outbound *http.Client with named timeouts (app.curl)
//	pprof       Go's profiles on a loopback listener, off until PPROF_ENABLED=true
//	view        view.Render(c, name, data): html/template pages from app/view,
//	            with pathFor, urlFor, csrfToken, cspNonce and __ helpers (egg-view)
//
// Disable any of them by name with egg.Disable.
func Default() egg.FrameworkOption {
	return egg.Framework("egg",
		health.Module,
		onerror.Module,
		meta.Module,
		sitefile.Module,
		static.Module,
		bodyparser.Module,
		overridemethod.Module,
		session.Module,
		security.Module,
		i18n.Module,
		jsonp.Module,
		multipart.Module,
		schedule.Module,
		httpclient.Module,
		view.Module,
		pprof.Module,
	)
}

// Package logger is Egg's egg-logger file output for egg's log/slog
// loggers. With Module in the app, every line also goes to files under
// logs/{app} in the base dir:
//
//	{app}-web.log      the app logger, ctx loggers and App.LoggerFor components
//	egg-web.log        the core logger (egg and its modules)
//	common-error.log   a copy of every ERROR line of every logger
//	{app}-access.log   one line per request
//
// JSON in prod and every env but local and unittest, text there; each file
// has its own level. Once the app is ready egg's console goes quiet
// outside local and unittest, as in Egg (Config.ConsoleAfterReady). With
// modules/logrotator the files rotate daily (or hourly, or by size); a
// file moved away by an outside logrotate is reopened within
// Config.CheckInterval, or at once on SIGUSR1 when egg runs its own
// server.
//
// The files are fed through the kernel's egg.LogHandler: they open when
// the app starts, and the lines written while the app was built (config
// hooks, constructors) are held by egg and written to them then.
// SkipAccessLog leaves a request out of the access log, as
// Config.AccessLogIgnore does by path.
package logger
